import type { ItemResult } from '../run/item-result';
import { ItemsNotKeptError } from '../errors';
import { computeMetricStats, computeTimingStats, type MetricStats, type TimingStats } from './metric-stats';
import type { RunSummary } from './run-summary';
import { buildExport } from './build-export';
import { itemResultSource, resultRunSource } from './result-export-source';
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
  /** Figures computed while the run went, for a result that did not keep its items (`items` is then empty). */
  summary?: RunSummary;
  runId?: string;
  storageError?: Error;
  /** Set when the stored run was cancelled, settled or deleted by another process, which stopped this evaluation. */
  closedElsewhere?: Error;
  /** Items the database holds for the run; undefined when storage was off. */
  storedItems?: number;
  /** Values recorded cut (past config.maxValueChars); undefined for a run on an executor that does not count them. */
  valuesCut?: number;
  /** Of valuesCut, the values cut only for their depth (nested deeper than 500 levels); undefined when not counted apart. */
  valuesCutDeep?: number;
  /** What the run is stored with; the export carries them so an import restores them. */
  projectId?: string;
  tags?: string[];
  createdBy?: string;
  description?: string;
  modelVersion?: string;
  taskType?: string;
  /** The run's configuration (its runConfig and the evaluator's settings) and environment, as stored. */
  config?: Record<string, unknown>;
  environment?: Record<string, unknown>;
  /** When the run was created (before the database opened); the run's start and end are startTime and endTime. */
  createdAt?: Date;
}

/**
 * A run's summary statistics and, unless the run was made with `keepItems: false`, every item with its scores.
 * Without its items the summary (counts, success rate, metricStats, timing, usage) is the same; the items are in the
 * database (`runId`), and toJSON()/save() throw ItemsNotKeptError.
 */
export class EvaluationResult {
  readonly runName: string;
  readonly datasetName: string;
  readonly modelName: string | undefined;
  readonly status: 'completed' | 'failed' | 'cancelled';
  readonly startTime: Date;
  readonly endTime: Date;
  readonly metricNames: string[];
  /**
   * Items in dataset order, held in memory by this result. Empty when the run was made with `keepItems: false`
   * (see `itemsKept`): its items are then only in the database, under `runId`.
   */
  readonly items: ItemResult[];
  /** False when the run was made with `keepItems: false`: `items` is empty and the summary was computed as it went. */
  readonly itemsKept: boolean;
  /** The stored run's id; undefined when storage was off or failed to start. */
  readonly runId: string | undefined;
  /** Set when storing the run failed; the result itself is complete (a run deleted while it ran stopped: the items evaluated until then). */
  readonly storageError: Error | undefined;
  /**
   * Set (a RunClosedElsewhereError) when another process cancelled, settled or deleted the stored run while this
   * evaluation ran: the evaluation stopped there (status `cancelled`), and the stored run is as that process left it.
   */
  readonly closedElsewhere: Error | undefined;
  /** How many items the database holds for this run (all of them unless storageError says otherwise); undefined with storeRuns: false. */
  readonly storedItems: number | undefined;
  /**
   * How many values (inputs, outputs, expected values, metadata, error messages, reasons) were recorded cut, past
   * `config.maxValueChars`: those are stored and exported with a marker instead of whole. For a run on
   * `config.executor`, the count its workers report (queueExecutor's); undefined when the executor reports none.
   */
  readonly valuesCut: number | undefined;
  /** Of valuesCut, the values cut only for their depth (nested deeper than 500 levels, kept to that depth). */
  readonly valuesCutDeep: number | undefined;
  /** The project, tags, creator, description, model version and task type the run was given. */
  readonly runInfo: Pick<EvaluationResultInit, 'projectId' | 'tags' | 'createdBy' | 'description' | 'modelVersion' | 'taskType' | 'config' | 'environment' | 'createdAt'>;
  private statsCache: Record<string, MetricStats> | undefined;
  private readonly summary: RunSummary | undefined;

  constructor(init: EvaluationResultInit) {
    this.runName = init.runName;
    this.datasetName = init.datasetName;
    this.modelName = init.modelName;
    this.status = init.status;
    this.startTime = init.startTime;
    this.endTime = init.endTime;
    this.metricNames = init.metricNames;
    this.items = init.items;
    this.summary = init.summary;
    this.itemsKept = !init.summary;
    this.runId = init.runId;
    this.storageError = init.storageError;
    this.closedElsewhere = init.closedElsewhere;
    this.storedItems = init.storedItems;
    this.valuesCut = init.valuesCut;
    this.valuesCutDeep = init.valuesCutDeep;
    const { projectId, tags, createdBy, description, modelVersion, taskType, config, environment, createdAt } = init;
    this.runInfo = { projectId, tags, createdBy, description, modelVersion, taskType, config, environment, createdAt };
  }

  /** Seconds from start to end. */
  get durationSeconds(): number {
    return (this.endTime.getTime() - this.startTime.getTime()) / 1000;
  }

  get totalItems(): number {
    return this.summary ? this.summary.totalItems : this.items.length;
  }

  get successfulItems(): number {
    return this.summary ? this.summary.successfulItems : this.items.filter((i) => i.success).length;
  }

  get failedItems(): number {
    return this.totalItems - this.successfulItems;
  }

  /** Successful items / all items (0 for an empty run). */
  get successRate(): number {
    return this.totalItems === 0 ? 0 : this.successfulItems / this.totalItems;
  }

  /** Per-metric mean, std, min, max, median, percentiles and error counts. */
  get metricStats(): Record<string, MetricStats> {
    this.statsCache ??= this.summary ? this.summary.metricStats : computeMetricStats(this.items, this.metricNames);
    return this.statsCache;
  }

  /** Response-time statistics in seconds. */
  get timing(): TimingStats {
    return this.summary ? { ...this.summary.timing } : computeTimingStats(this.items);
  }

  /** Total tokens and cost the task reported. */
  get usage(): { tokens: number; cost: number } {
    if (this.summary) return { ...this.summary.usage };
    let tokens = 0;
    let cost = 0;
    for (const i of this.items) {
      tokens += i.tokensUsed ?? 0;
      cost += i.cost ?? 0;
    }
    return { tokens, cost };
  }

  /**
   * The Python LLM-Eval export format, with llm-eval's lossless additions; the same document a stored run exports as.
   * Throws ItemsNotKeptError for a result made with `keepItems: false` (export its stored run instead).
   */
  toJSON(): EvaluationExport {
    if (!this.itemsKept) throw new ItemsNotKeptError(this.runId);
    return buildExport(resultRunSource(this), this.items.map(itemResultSource));
  }

  /**
   * Writes the result as JSON (the export format), JSONL (a run line, then one line per item) or CSV. Rejects with
   * ItemsNotKeptError for a result made with `keepItems: false`.
   */
  save(path: string, options: SaveOptions = {}): Promise<void> {
    return saveResult(this, path, options);
  }
}
