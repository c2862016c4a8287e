/** Runs a task over a dataset with metrics, storing the run as it goes. */
export { Evaluator } from './run/evaluator';
/** Options of the Evaluator and of one run. */
export type { EvaluatorOptions, RunOptions } from './run/evaluator';
/** Evaluator configuration. */
export type { EvaluatorConfig } from './run/evaluator-config';
/** Runs an evaluation elsewhere (config.executor), e.g. @llm-eval/queue's queueExecutor on BullMQ workers. */
export type { RunExecutor, ExecutionRequest, ExecutedRun } from './run/run-executor';
/** A run's summary figures (counts, per-metric statistics, timing, usage). */
export type { RunSummary } from './result/run-summary';
/** Progress events. */
export type { ProgressEvent, ProgressListener, ProgressCounts } from './run/progress';
/** One item's outcome. */
export type { ItemResult } from './run/item-result';
/** Runs single items exactly as the Evaluator does, for other executors (the distributed queue's workers). */
export { createItemRunner, itemResultToRecord } from './run/item-runner';
export type { ItemRunner, ItemRunnerOptions, ItemRunnerConfig } from './run/item-runner';
/** What spaces task starts; a shared one (e.g. in Redis) can slow many workers at once. */
export type { ItemRateLimiter } from './run/rate-limiter';
/** Wraps a task output with the tokens and cost it used. */
export { withUsage } from './run/task-output';
/** Every item with its scores and the run's statistics; exports to the Python LLM-Eval format. */
export { EvaluationResult } from './result/evaluation-result';
/** Per-metric and timing statistics. */
export type { MetricStats, TimingStats } from './result/metric-stats';
/** The export format shared with the Python LLM-Eval. */
export type { EvaluationExport, ExportedResult, ExportedFailure, ExportedScore, LlmEvalBlock } from './result/export-format';
/** Options of EvaluationResult.save. */
export type { SaveOptions } from './result/save-result';
/** A stored run as the export document, the same one EvaluationResult.toJSON builds. */
export { storedRunToExport } from './result/stored-run-export';
/** A stored run's export in pieces (head, one item, llm_eval's run fields), for writers that stream its items. */
export { storedRunExportParts, type StoredRunExportParts, type ExportedItem, type ExportHead, type ExportRunBlock } from './result/stored-run-export';
/** An export document as JSON, JSONL or CSV text (formula-like CSV cells escaped), and the format a file name implies. */
export { formatExport, exportFormatOf, EXPORT_FORMATS } from './result/export-files';
/** One export line of JSONL or CSV at a time (the pieces formatExport joins), for writers that stream. */
export { exportJsonlRunLine, exportJsonlItemLine, exportCsvHeader, exportCsvRow, type ExportRow } from './result/export-files';
/** One of EXPORT_FORMATS. */
export type { ExportFormat } from './result/export-files';
/** A JSON export written one item at a time with formatExport's bytes, for writers that stream a run's items. */
export { JsonExportSections, type ItemSectionTexts } from './result/json-export-sections';
/** Keeps a run's finished items on disk (keepItems: false) so its complete result can still be saved if storing fails. */
export { ItemSpill } from './result/item-spill';
/** A stored run's export read page by page, as text chunks (`llm-eval runs export` and the API's export). */
export { RunExportChunks, EXPORT_PAGE_SIZE, type RunExportSource, type RunExportOptions } from './result/run-export-chunks';
/** Stores an EvaluationResult or an export (Python's included) as a run, in one transaction. */
export { migrateFromEvaluationResult, readExportFile, parseExportText } from './migrate/migrate-from-result';
/** @internal The path of a key a JSON text gives twice in one object (the server refuses such bodies). */
export { findDuplicateKey, mayRepeatKeys } from './migrate/duplicate-keys';
/** @internal How a JSON number as written is lost when read, and the number literals of a JSON text with their paths (the server warns of them). */
export { LOSSY_NUMBER_REASONS, lossOf, numberLiterals, shownLiteral } from './migrate/lossy-numbers';
/** @internal Whether a JSON text may hold a number JSON.parse reads otherwise than written: one regular-expression test. */
export { mayHoldInexactNumbers } from './dataset/inexact-numbers';
/** Options of migrateFromEvaluationResult. */
export type { MigrateOptions } from './migrate/migrate-from-result';
/** Metric registry: register your own, list, resolve and score. */
export { registerMetric, unregisterMetric, listMetrics, resolveMetrics, scoreMetric, BUILT_IN_METRICS } from './metrics/registry';
/** A metric as the evaluator accepts it, and a scored value. */
export type { MetricSpec, MetricScore } from './metrics/registry';
/** Factories of the built-in metrics, with options. */
export * from './metrics/index';
/** A task that calls any OpenAI-compatible chat-completions endpoint. */
export { openAIChatTask } from './task/openai-chat-task';
/** The URL to import a task or metric file by, a new one once the file was edited (long-lived workers). */
export { currentModuleUrl } from './task/current-module-url';
/** Options of openAIChatTask, its prompt and message types, prices and the metadata it returns. */
export type { OpenAIChatTaskOptions } from './task/openai-chat-options';
export type { ChatMessage, ChatPrompt, ChatPromptFunction } from './task/chat-prompt';
export type { ModelPrices } from './task/pricing';
export type { ChatCompletionMetadata } from './task/chat-completion';
/** Load and validate a dataset from items, a file or an iterable. */
export { prepareDataset } from './dataset/prepare-dataset';
/** Dataset sources and prepared datasets. */
export type { DatasetSource, PreparedDataset } from './dataset/prepare-dataset';
/** A dataset field that is ignored, or expected values missing for a metric that compares with them. */
export type { DatasetWarning } from './dataset/dataset-warnings';
/** The warning event a run emits at the first value it records cut (past config.maxValueChars). */
export type { ValueCutWarning } from './run/value-cuts';
/** The model API asked an item to wait longer than config.maxRetryAfterMs: it failed instead of holding the run. */
export type { RetryAfterTooLongWarning } from './run/retry-after-warning';
/** Every warning a run may emit: DatasetWarning, ValueCutWarning or RetryAfterTooLongWarning, told apart by `code`. */
export type { RunWarning } from './run/progress';
/** Records values as a run does (cut past maxValueChars or storage's depth), counting the cuts: for other executors. @internal */
export { ValueCuts } from './run/value-cuts';
/** Every warning about running metrics over a prepared dataset: the list the Evaluator emits before a run starts. */
export { datasetWarnings } from './dataset/run-warnings';
/** Item, task and metric types. */
export type * from './types';
/** Errors this package throws. */
export {
  EvaluatorError,
  UnknownMetricError,
  ConfigError,
  DatasetError,
  UnstorableValueError,
  RetryableError,
  TaskTimeoutError,
  StorageWriteError,
  RunClosedElsewhereError,
  InvalidRunDetailsError,
  InvalidEnvironmentError,
  ModelApiError,
  InvalidOptionError,
  MetricTimeoutError,
  ItemsNotStoredError,
  ItemsNotKeptError,
  ExportError,
} from './errors';
/** An item a recorded run could not store, and why. */
export type { NotStoredItem } from './errors';
