/**
 * The outcome of one dataset item. Input, expected value, metadata and output are recorded as plain JSON data
 * (BigInt as its decimal string, Map as entries, circular references as "[Circular]", …; see EvaluatorConfig
 * maxValueChars), so a result always exports and stores; tasks and metrics saw the values as they were.
 */
export interface ItemResult {
  id: string;
  index: number;
  input: unknown;
  expected: unknown;
  metadata?: Record<string, unknown>;
  /** The task's output as recorded; undefined when the task failed. */
  output: unknown;
  /** The task finished (metrics may still have failed; see metricErrors). */
  success: boolean;
  error?: string;
  errorType?: string;
  /** Metric name to score (booleans stay booleans). */
  scores: Record<string, number | boolean>;
  /** Metric name to the reason a metric gave with its score. */
  reasons: Record<string, string>;
  /** Metric name to why the metric could not score this item. */
  metricErrors: Record<string, string>;
  startedAt: Date;
  completedAt: Date;
  /** Seconds the last attempt of the task took. */
  responseTime: number;
  tokensUsed?: number;
  cost?: number;
  /** 1 plus the number of retries. */
  attempts: number;
  /** Metadata the task returned with its output (model, finish reason, …). */
  taskMetadata?: Record<string, unknown>;
}
