import type { EvaluatorConfig } from './evaluator-config';

/**
 * Every option of an Evaluator's `config`, by name; typed so that an option added to EvaluatorConfig must be added here
 * too. Read by the config check (evaluator-config.ts) and by the check of options given outside `config`.
 * @internal
 */
export const CONFIG_OPTION_NAMES: Readonly<Record<keyof EvaluatorConfig, true>> = {
  storeRuns: true,
  keepItems: true,
  databaseUrl: true,
  databaseUrlSource: true,
  projectId: true,
  createdBy: true,
  audit: true,
  tags: true,
  runName: true,
  description: true,
  datasetName: true,
  modelName: true,
  modelVersion: true,
  taskType: true,
  runConfig: true,
  maxConcurrency: true,
  timeoutMs: true,
  metricTimeoutMs: true,
  maxValueChars: true,
  retries: true,
  retryBaseDelayMs: true,
  retryMaxDelayMs: true,
  maxRetryAfterMs: true,
  retryOn: true,
  requestsPerSecond: true,
  storageBatchSize: true,
  storageFlushIntervalMs: true,
  onProgress: true,
  executor: true,
};
