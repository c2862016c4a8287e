import type { ItemRunnerConfig } from '@llm-eval/evaluator';

/** Where a worker finds the task: a module path (absolute) or a package specifier, and an export name. */
export interface TaskReference {
  module: string;
  export?: string;
}

/** Per-item settings a distributed run carries to its workers (functions such as retryOn cannot travel). */
export type DistributedItemConfig = Omit<ItemRunnerConfig, 'retryOn'> & { requestsPerSecond?: number };

/** What every worker needs to run a run's items, stored as JSON in the run's Redis hash. @internal */
export interface RunSpec {
  task: TaskReference;
  metrics: string[];
  metricFiles: string[];
  config: DistributedItemConfig;
  /** databaseFingerprint() of the submitter's database: the one the run is stored in (absent in older specs). */
  database?: string;
}

/** Parses a stored spec. @internal */
export function parseRunSpec(text: string | null | undefined): RunSpec | undefined {
  if (!text) return undefined;
  return JSON.parse(text) as RunSpec;
}
