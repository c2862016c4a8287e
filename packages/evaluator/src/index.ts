/** Load and validate a dataset from items, a file or an iterable. */
export { prepareDataset } from './dataset/prepare-dataset';
/** Dataset sources and prepared datasets. */
export type { DatasetSource, PreparedDataset } from './dataset/prepare-dataset';
/** Item, task and metric types. */
export type * from './types';
/** Errors this package throws. */
export {
  EvaluatorError,
  UnknownMetricError,
  ConfigError,
  DatasetError,
  RetryableError,
  TaskTimeoutError,
  RunCancelledError,
  StorageWriteError,
  ModelApiError,
} from './errors';
