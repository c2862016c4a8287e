import type { ItemResult } from './item-result';
import type { EvaluationResult } from '../result/evaluation-result';
import type { DatasetWarning } from '../dataset/dataset-warnings';
import type { ValueCutWarning } from './value-cuts';
import type { RetryAfterTooLongWarning } from './retry-after-warning';

/** Running counts sent with every item event. */
export interface ProgressCounts {
  /** Items finished so far (succeeded + failed). */
  done: number;
  succeeded: number;
  failed: number;
  /** Items in the dataset, when known up front. */
  total: number | undefined;
  /** succeeded / done. */
  successRate: number;
  /** Items finished per second since the start. */
  ratePerSecond: number;
  elapsedSeconds: number;
}

/** Every warning a run may emit (a union that grows: type a listener's warnings with it, not its members). */
export type RunWarning = DatasetWarning | ValueCutWarning | RetryAfterTooLongWarning;

/** What onProgress receives. */
export type ProgressEvent =
  | { type: 'started'; runName: string; total: number | undefined; runId: string | undefined }
  | ({ type: 'item'; item: ItemResult } & ProgressCounts)
  /** Counts without items, from a run executed elsewhere (config.executor). */
  | ({ type: 'progress' } & ProgressCounts)
  | { type: 'storage-error'; error: Error }
  /**
   * Before `started`: something in the dataset that is allowed but probably a mistake (a field that is ignored). During
   * the run, once: the first value recorded cut (past config.maxValueChars); result.valuesCut counts them all. Once:
   * the first item the model API asked to wait longer than config.maxRetryAfterMs (it failed instead of waiting).
   */
  | { type: 'warning'; warning: RunWarning }
  | { type: 'completed'; result: EvaluationResult };

/** A progress listener. */
export type ProgressListener = (event: ProgressEvent) => void;
