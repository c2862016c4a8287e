import type { ItemResult } from '../run/item-result';
import { computeMetricStats, computeTimingStats, type MetricStats, type TimingStats } from './metric-stats';
import { itemToRecord } from '../storage/item-to-record';
import { buildExport } from './build-export';
import type { EvaluationExport } from './export-format';
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
  /** Items the database holds for the run; undefined when storage was off. */
  storedItems?: number;
  /** What the run is stored with; the export carries them so an import restores them. */
  projectId?: string;
  tags?: string[];
  createdBy?: string;
  description?: string;
  modelVersion?: string;
  taskType?: string;
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
  /** How many items the database holds for this run (all of them unless storageError says otherwise); undefined with storeRuns: false. */
  readonly storedItems: number | undefined;
  /** The project, tags, creator, description, model version and task type the run was given. */
  readonly runInfo: Pick<EvaluationResultInit, 'projectId' | 'tags' | 'createdBy' | 'description' | 'modelVersion' | 'taskType'>;
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
    this.storedItems = init.storedItems;
    const { projectId, tags, createdBy, description, modelVersion, taskType } = init;
    this.runInfo = { projectId, tags, createdBy, description, modelVersion, taskType };
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

  /** The Python LLM-Eval export format, with llm-eval's lossless additions; the same document a stored run exports as. */
  toJSON(): EvaluationExport {
    const metricStats: EvaluationExport['metric_stats'] = {};
    for (const [name, s] of Object.entries(this.metricStats)) {
      metricStats[name] = { mean: s.mean, std: s.std, min: s.min, max: s.max, success_rate: s.successRate };
    }
    return buildExport(
      {
        id: this.runId,
        name: this.runName,
        status: this.status,
        datasetName: this.datasetName,
        modelName: this.modelName,
        ...this.runInfo,
        startTime: this.startTime,
        endTime: this.endTime,
        durationSeconds: this.durationSeconds,
        successRate: this.successRate,
        metricNames: this.metricNames,
        metricStats,
      },
      // Items go through the same mapping as storage, so a stored run and its result export alike.
      this.items.map((item) => {
        const stored = itemToRecord(item);
        return {
          itemId: item.id,
          status: item.success ? 'completed' : 'failed',
          input: item.input,
          expected: item.expected,
          output: item.output,
          errorType: item.errorType ?? null,
          errorMessage: item.error ?? null,
          responseTime: item.responseTime,
          tokensUsed: item.tokensUsed ?? null,
          cost: item.cost ?? null,
          scores: stored.scores ?? {},
          metadata: stored.metadata ?? null,
          startedAt: item.startedAt,
        };
      }),
    );
  }

  /** Writes the result as JSON (the export format), JSONL (a run line, then one line per item) or CSV. */
  save(path: string, options: SaveOptions = {}): Promise<void> {
    return saveResult(this, path, options);
  }
}
