import type { ItemStatus, MetricHistogram, MetricPercentiles, MetricType, RunStatus } from '@llm-eval/models';
import type { RunState } from './run-liveness';

/** A metric that failed on an item is stored in its place as `{ error }`. */
export interface MetricErrorValue {
  error: string;
}

/** Score of one metric on one item: a number, a pass/fail boolean, or the metric's error. */
export type ScoreValue = number | boolean | MetricErrorValue;

/** A stored run as plain data. */
export interface RunRecord {
  id: string;
  name: string;
  description: string | null;
  /** The stored status, or `abandoned` for a running run whose writer is gone (see run-liveness.ts). */
  status: RunState;
  projectId: string | null;
  datasetName: string | null;
  modelName: string | null;
  modelVersion: string | null;
  taskType: string | null;
  metricsUsed: string[];
  metricConfigs: Record<string, unknown> | null;
  config: Record<string, unknown> | null;
  environment: Record<string, unknown> | null;
  tags: string[];
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  durationSeconds: number;
  totalItems: number;
  successfulItems: number;
  failedItems: number;
  successRate: number;
  avgResponseTime: number | null;
  minResponseTime: number | null;
  maxResponseTime: number | null;
  totalTokens: number;
  totalCost: number;
  writerHost: string | null;
  writerPid: number | null;
  heartbeatAt: Date | null;
  statusReason: string | null;
}

/** A run with its per-metric statistics. */
export interface RunWithMetrics extends RunRecord {
  metrics: RunMetricRecord[];
}

/** Per-metric statistics of a run as plain data. */
export interface RunMetricRecord {
  runId: string;
  metricName: string;
  metricType: MetricType;
  mean: number | null;
  median: number | null;
  stdDev: number | null;
  min: number | null;
  max: number | null;
  percentiles: MetricPercentiles | null;
  histogram: MetricHistogram | null;
  totalEvaluated: number;
  successfulEvaluations: number;
  failedEvaluations: number;
  computedAt: Date;
}

/** A stored item as plain data. */
export interface ItemRecord {
  id: number;
  runId: string;
  itemId: string;
  sequenceNumber: number;
  input: unknown;
  expectedOutput: string | null;
  actualOutput: string | null;
  status: ItemStatus;
  errorMessage: string | null;
  errorType: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
  responseTime: number | null;
  tokensUsed: number | null;
  cost: number | null;
  scores: Record<string, ScoreValue>;
  metadata: Record<string, unknown> | null;
  traceId: string | null;
}

/** Fields accepted when creating a run; everything but `name` may be left out. */
export interface CreateRunInput {
  id?: string;
  name: string;
  description?: string | null;
  status?: RunStatus;
  projectId?: string | null;
  datasetName?: string | null;
  modelName?: string | null;
  modelVersion?: string | null;
  taskType?: string | null;
  metricsUsed?: string[];
  metricConfigs?: Record<string, unknown> | null;
  config?: Record<string, unknown> | null;
  environment?: Record<string, unknown> | null;
  tags?: string[];
  createdBy?: string | null;
  createdAt?: Date;
  startedAt?: Date | null;
  completedAt?: Date | null;
  durationSeconds?: number;
  totalItems?: number;
  successfulItems?: number;
  failedItems?: number;
  successRate?: number;
  avgResponseTime?: number | null;
  minResponseTime?: number | null;
  maxResponseTime?: number | null;
  totalTokens?: number;
  totalCost?: number;
  writerHost?: string | null;
  writerPid?: number | null;
  /**
   * The writer's last sign of life. `'now'` (what a writer creating its run gives): the database's clock on PostgreSQL,
   * which readers judge heartbeats by (a writer's own clock may be minutes off theirs); this process's clock on SQLite.
   */
  heartbeatAt?: Date | null | 'now';
  statusReason?: string | null;
}

/** Fields that can be changed on an existing run. */
export type UpdateRunInput = Partial<Omit<CreateRunInput, 'id' | 'createdAt' | 'heartbeatAt'>> & { heartbeatAt?: Date | null };

/** One item to store; `sequenceNumber` defaults to the next free number in the run. */
export interface ItemInput {
  itemId: string;
  sequenceNumber?: number;
  input?: unknown;
  expectedOutput?: string | null;
  actualOutput?: string | null;
  status?: ItemStatus;
  errorMessage?: string | null;
  errorType?: string | null;
  startedAt?: Date | null;
  completedAt?: Date | null;
  responseTime?: number | null;
  tokensUsed?: number | null;
  cost?: number | null;
  scores?: Record<string, ScoreValue>;
  metadata?: Record<string, unknown> | null;
  traceId?: string | null;
}

/** A page of results. `nextCursor` is null on the last page; `total` counts every match, not just this page. */
export interface Page {
  total: number;
  nextCursor: string | null;
}

/** A page of runs. */
export interface RunPage extends Page {
  runs: RunRecord[];
}

/** A page of items. */
export interface ItemPage extends Page {
  items: ItemRecord[];
}
