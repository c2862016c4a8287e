import type { Task, TaskContext, TaskOutputWithUsage } from '../types';

const USAGE = Symbol.for('llm-eval.task-output');
const USAGE_KEYS = new Set(['output', 'tokensUsed', 'cost', 'metadata']);

/** Wraps a task's output with the tokens and cost it used, so the evaluator records them. */
export function withUsage<O>(output: O, usage: Omit<TaskOutputWithUsage<O>, 'output'>): TaskOutputWithUsage<O> {
  return { output, ...usage, [USAGE]: true } as TaskOutputWithUsage<O>;
}

/**
 * Splits a task's return value into output and usage. A value is usage-wrapped when made by withUsage, or when it is
 * an object with an `output` key and only `tokensUsed`, `cost` and `metadata` besides (what openAIChatTask returns).
 * @internal
 */
export function unwrapTaskOutput(value: unknown): TaskOutputWithUsage {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'output' in value) {
    const keys = Object.keys(value);
    if ((value as Record<symbol, unknown>)[USAGE] || (keys.length > 1 && keys.every((k) => USAGE_KEYS.has(k)))) {
      return value as TaskOutputWithUsage;
    }
  }
  return { output: value };
}

/** Calls a function task or a LangChain-style runnable. @internal */
export function invokeTask(task: Task, input: unknown, context: TaskContext): unknown {
  if (typeof task === 'function') return task(input, context);
  return task.invoke(input, { signal: context.signal });
}
