import type { ItemResult } from '../run/item-result';
import { computeMetricStats, computeTimingStats, type MetricStats, type TimingStats } from './metric-stats';
import { isoUtc, type EvaluationExport, type ExportedScore } from './export-format';
import { saveResult, type SaveOptions } from './save-result';

/** What an EvaluationResult is built from. @internal */
export interface EvaluationResultInit {
  runName: string;
  datasetName: string;
  modelName?: string;
  status: 'completed' | 'failed' | 'cancelled';
  startTime: Date;
  endTime: Date;
  metricNames: string[];
  items: ItemResult[];
  runId?: string;
  storageError?: Error;
}

/** Every item of a run with its scores, and the run's summary statistics. */
export class EvaluationResult {
  readonly runName: string;
  readonly datasetName: string;
  readonly modelName: string | undefined;
  readonly status: 'completed' | 'failed' | 'cancelled';
  readonly startTime: Date;
  readonly endTime: Date;
  readonly metricNames: string[];
  /** Items in dataset order. */
  readonly items: ItemResult[];
  /** The stored run's id; undefined when storage was off or failed to start. */
  readonly runId: string | undefined;
  /** Set when storing the run failed; the result itself is complete. */
  readonly storageError: Error | undefined;
  private statsCache: Record<string, MetricStats> | undefined;

  constructor(init: EvaluationResultInit) {
    this.runName = init.runName;
    this.datasetName = init.datasetName;
    this.modelName = init.modelName;
    this.status = init.status;
    this.startTime = init.startTime;
    this.endTime = init.endTime;
    this.metricNames = init.metricNames;
    this.items = init.items;
    this.runId = init.runId;
    this.storageError = init.storageError;
  }

  /** Seconds from start to end. */
  get durationSeconds(): number {
    return (this.endTime.getTime() - this.startTime.getTime()) / 1000;
  }

  get totalItems(): number {
    return this.items.length;
  }

  get successfulItems(): number {
    return this.items.filter((i) => i.success).length;
  }

  get failedItems(): number {
    return this.items.length - this.successfulItems;
  }

  /** Successful items / all items (0 for an empty run). */
  get successRate(): number {
    return this.items.length === 0 ? 0 : this.successfulItems / this.items.length;
  }

  /** Per-metric mean, std, min, max, median, percentiles and error counts. */
  get metricStats(): Record<string, MetricStats> {
    this.statsCache ??= computeMetricStats(this.items, this.metricNames);
    return this.statsCache;
  }

  /** Response-time statistics in seconds. */
  get timing(): TimingStats {
    return computeTimingStats(this.items);
  }

  /** Total tokens and cost the task reported. */
  get usage(): { tokens: number; cost: number } {
    let tokens = 0;
    let cost = 0;
    for (const i of this.items) {
      tokens += i.tokensUsed ?? 0;
      cost += i.cost ?? 0;
    }
    return { tokens, cost };
  }

  /** The Python LLM-Eval export format, with llm-eval's lossless additions. */
  toJSON(): EvaluationExport {
    const results: EvaluationExport['results'] = {};
    const errors: EvaluationExport['errors'] = {};
    const failures: NonNullable<EvaluationExport['llm_eval']>['failures'] = {};
    for (const item of this.items) {
      if (!item.success) {
        errors[item.id] = `${item.errorType ?? 'Error'}: ${item.error ?? ''}`;
        failures[item.id] = {
          input: item.input,
          expected: item.expected,
          metadata: item.metadata,
          error_type: item.errorType,
          error_message: item.error,
          time: item.responseTime,
          started_at: isoUtc(item.startedAt),
        };
        continue;
      }
      const scores: Record<string, ExportedScore> = { ...item.scores };
      for (const [name, error] of Object.entries(item.metricErrors)) scores[name] = { error };
      results[item.id] = {
        output: item.output,
        scores,
        success: true,
        time: item.responseTime,
        input: item.input,
        expected: item.expected,
        ...(item.metadata ? { metadata: item.metadata } : {}),
        ...(item.tokensUsed !== undefined ? { tokens_used: item.tokensUsed } : {}),
        ...(item.cost !== undefined ? { cost: item.cost } : {}),
        ...(Object.keys(item.reasons).length ? { reasons: item.reasons } : {}),
        started_at: isoUtc(item.startedAt),
        ...(item.attempts > 1 ? { attempts: item.attempts } : {}),
      };
    }
    const metric_stats: EvaluationExport['metric_stats'] = {};
    for (const [name, s] of Object.entries(this.metricStats)) {
      metric_stats[name] = { mean: s.mean, std: s.std, min: s.min, max: s.max, success_rate: s.successRate };
    }
    return {
      dataset_name: this.datasetName,
      run_name: this.runName,
      start_time: isoUtc(this.startTime),
      end_time: isoUtc(this.endTime),
      duration: this.durationSeconds,
      total_items: this.totalItems,
      success_rate: this.successRate,
      metrics: [...this.metricNames],
      metric_stats,
      results,
      errors,
      llm_eval: {
        format: 'llm-eval.export',
        version: 1,
        status: this.status,
        ...(this.runId ? { run_id: this.runId } : {}),
        ...(this.modelName ? { model_name: this.modelName } : {}),
        item_order: this.items.map((i) => i.id),
        failures,
      },
    };
  }

  /** Writes the result as JSON (the export format), JSONL (a run line, then one line per item) or CSV. */
  save(path: string, options: SaveOptions = {}): Promise<void> {
    return saveResult(this, path, options);
  }
}
