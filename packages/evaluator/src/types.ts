/** One dataset item. `id` defaults to `item_<index>`. */
export interface DatasetItem<I = unknown, E = unknown> {
  id?: string | number;
  input: I;
  expected?: E;
  metadata?: Record<string, unknown>;
}

/** A dataset item after loading: it always has an id and its position. */
export interface LoadedItem<I = unknown, E = unknown> extends DatasetItem<I, E> {
  id: string;
  index: number;
}

/** What a task receives besides the input. */
export interface TaskContext<I = unknown, E = unknown> {
  /** Aborted when the item times out or the run is cancelled; pass it to fetch and other I/O. */
  signal: AbortSignal;
  item: LoadedItem<I, E>;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
}

/** Usage a task may report alongside its output (as returned by `taskOutput`). */
export interface TaskUsage {
  tokensUsed?: number;
  cost?: number;
}

/** A task's output with usage attached; plain outputs are accepted too. */
export interface TaskOutputWithUsage<O = unknown> extends TaskUsage {
  output: O;
  metadata?: Record<string, unknown>;
}

/** The function under evaluation: calls your prompt and model. */
export type TaskFunction<I = unknown, O = unknown, E = unknown> = (input: I, context: TaskContext<I, E>) => O | Promise<O>;

/** A LangChain.js-style runnable. */
export interface InvokableTask<I = unknown, O = unknown> {
  invoke(input: I, options?: { signal?: AbortSignal }): O | Promise<O>;
}

/** Anything the evaluator accepts as a task. */
export type Task<I = unknown, O = unknown, E = unknown> = TaskFunction<I, O, E> | InvokableTask<I, O>;

/** What metrics see of a task's result `R`: its output, unwrapped from `{ output, tokensUsed, cost }` (withUsage). */
export type TaskOutput<R> = R extends TaskOutputWithUsage<infer O> ? O : R;

/** The fourth argument of a metric: the dataset item, with the task's timing and usage. */
export interface MetricContext<I = unknown, E = unknown> extends LoadedItem<I, E> {
  /** Seconds the task took. */
  responseTime: number;
  tokensUsed?: number;
}

/** A metric's verdict: a number, pass/fail, or a score with its reason. */
export type MetricValue = number | boolean | { score: number | boolean; reason?: string };

/**
 * A metric: `(output, expected, input, item) => value`. May be async. Typed by the task's input `I`, its output `O`
 * and the dataset's expected values `E` (undefined for an item without one); the defaults accept anything.
 */
export type MetricFunction<I = unknown, O = unknown, E = unknown> = (
  output: O,
  expected: E | undefined,
  input: I,
  context: MetricContext<I, E>,
) => MetricValue | Promise<MetricValue>;

/** A metric with a name, as registered or passed to the evaluator. */
export interface NamedMetric<I = unknown, O = unknown, E = unknown> {
  name: string;
  fn: MetricFunction<I, O, E>;
}

/** A metric as the Evaluator takes it: a registered name, a function, or `{ name, fn }`, typed by the task and dataset. */
export type EvaluatorMetric<I = unknown, O = unknown, E = unknown> = string | MetricFunction<I, O, E> | NamedMetric<I, O, E>;
