/** A metric's score in an export: a number, a boolean, or the metric's error. */
export type ExportedScore = number | boolean | { error: string };

/**
 * One item in `results`: a successful one, or (`success: false`) one that failed without any error, which `errors`
 * cannot hold without making a message up. Fields after `time` are llm-eval's lossless additions.
 */
export interface ExportedResult {
  output: unknown;
  scores: Record<string, ExportedScore>;
  success: boolean;
  /** Seconds. */
  time: number;
  input?: unknown;
  expected?: unknown;
  metadata?: Record<string, unknown>;
  tokens_used?: number;
  cost?: number;
  reasons?: Record<string, string>;
  started_at?: string;
  attempts?: number;
  completed_at?: string;
  /** The item's place in its run (dataset order; a cancelled run may skip numbers). */
  sequence_number?: number;
  trace_id?: string;
  /** A completed item's error fields, when it has any. */
  error_type?: string;
  error_message?: string;
}

/** A failed item's details, which the Python format reduces to one line in `errors`. */
export interface ExportedFailure {
  input?: unknown;
  expected?: unknown;
  metadata?: Record<string, unknown>;
  /** null: the item had no error type (the line in `errors` then starts with a made-up one). */
  error_type?: string | null;
  error_message?: string | null;
  time?: number;
  started_at?: string;
  /** The stored item status when it was not a plain failure (`skipped`, `pending`). */
  status?: 'failed' | 'skipped' | 'pending';
  completed_at?: string;
  sequence_number?: number;
  trace_id?: string;
  output?: unknown;
  scores?: Record<string, ExportedScore>;
  reasons?: Record<string, string>;
  attempts?: number;
  tokens_used?: number;
  cost?: number;
}

/** llm-eval's additions that make its own exports lossless; every field but the first five is optional. */
export interface LlmEvalBlock {
  format: 'llm-eval.export';
  version: 1;
  status: 'completed' | 'failed' | 'cancelled';
  /** Item ids in run order; it may only reorder `results` and `errors`, never add or drop an item. */
  item_order: string[];
  failures: Record<string, ExportedFailure>;
  /** Why the run ended as it did (a cancel's reason, a recovery's), when it was given one. */
  status_reason?: string;
  run_id?: string;
  /**
   * A stored run's own timestamps (null: it has none). `start_time`/`end_time` are the Python format's, which cannot
   * be null: for a run that never started or never finished they are derived (creation, start + duration).
   */
  created_at?: string;
  started_at?: string | null;
  completed_at?: string | null;
  model_name?: string;
  model_version?: string;
  description?: string;
  project_id?: string;
  tags?: string[];
  created_by?: string;
  task_type?: string;
  config?: Record<string, unknown>;
  environment?: Record<string, unknown>;
  metric_configs?: Record<string, unknown>;
}

/**
 * The Python LLM-Eval export format (`dataset_name` … `errors`), which llm-eval writes and imports, plus an optional
 * `llm_eval` block that makes llm-eval's own exports lossless.
 */
export interface EvaluationExport {
  dataset_name: string;
  run_name: string;
  start_time: string;
  end_time: string;
  duration: number;
  total_items: number;
  success_rate: number;
  metrics: string[];
  metric_stats: Record<string, { mean: number | null; std: number | null; min: number | null; max: number | null; success_rate: number }>;
  results: Record<string, ExportedResult>;
  errors: Record<string, string>;
  llm_eval?: LlmEvalBlock;
}

/** ISO 8601 with an explicit UTC offset, which every Python datetime.fromisoformat reads. @internal */
export function isoUtc(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}
