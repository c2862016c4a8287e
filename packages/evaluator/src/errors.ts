/** Base class of every error @llm-eval/evaluator throws on purpose. */
export class EvaluatorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A metric name that is neither built in nor registered. `suggestion`: the known metric it was most likely meant as
 * (`exact_match` for `exact_mach`), named first in the message, else undefined.
 */
export class UnknownMetricError extends EvaluatorError {
  constructor(
    readonly metric: string,
    readonly known: readonly string[],
    readonly suggestion?: string,
  ) {
    const meant = suggestion === undefined ? '' : ` Did you mean ${suggestion}?`;
    super(`Unknown metric "${metric}".${meant} Known metrics: ${known.join(', ')}. Register your own with registerMetric(name, fn).`);
  }
}

/** The evaluator configuration is invalid (bad concurrency, timeout, task, …). */
export class ConfigError extends EvaluatorError {}

/** The dataset cannot be read: unreadable file, malformed line, duplicate id. Names the file and line. */
export class DatasetError extends EvaluatorError {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super(file ? `${file}${line ? `:${line}` : ''}: ${message}` : message, options);
  }
}

/**
 * A value of an export file that cannot be stored as written: a number out of a double's range (`1e400`, which
 * JSON.parse reads as Infinity and storage would keep as null), or arrays or objects nested deeper than storage keeps.
 * `path`: where it is in the export (`results.q1.metadata.x`; a JSONL line's value as in the export its lines make up),
 * `itemId` and `field`: the item (if any) and the field it is in, `reason`: the message without the file and line.
 */
export class UnstorableValueError extends DatasetError {
  constructor(
    readonly problem: 'out_of_range' | 'too_deep',
    readonly path: string,
    readonly field: string,
    readonly itemId: string | undefined,
    readonly reason: string,
    file?: string,
    line?: number,
  ) {
    super(reason, file, line);
  }
}

/**
 * Thrown by a task to ask for a retry (with exponential backoff and jitter, up to `retries`).
 * `retryAfterMs` (e.g. from an HTTP Retry-After header) sets the minimum wait, up to `config.maxRetryAfterMs`.
 * The Evaluator recognises it by its `retryable: true` and reads `retryAfterMs` by name, never by class: a task module
 * loaded as ESM throws the class of `dist/index.js` while the CLI's Evaluator comes from `dist/index.cjs`.
 */
export class RetryableError extends EvaluatorError {
  /** Always true: what marks this error as retryable, whichever copy of the package created it. */
  readonly retryable = true as const;

  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An item's task did not finish within `timeoutMs`; its AbortSignal was aborted. */
export class TaskTimeoutError extends EvaluatorError {
  constructor(readonly timeoutMs: number) {
    super(`Task timed out after ${timeoutMs} ms`);
  }
}

/**
 * Writing the run to the database failed; the in-memory result is still returned, complete (a run deleted while it ran
 * stops, so its result holds the items evaluated until then).
 */
export class StorageWriteError extends EvaluatorError {}

/**
 * The stored run stopped being this evaluation's to write: another process cancelled it (`llm-eval runs cancel`, the
 * API) or settled it (`llm-eval runs recover --force` while this writer was thought gone). The evaluation stops its
 * remaining items and leaves the stored run as that process left it. `status` is the run's stored status. (A run
 * deleted meanwhile stops the evaluation too, but as a storage failure: StorageWriteError, and the result keeps the
 * items evaluated.)
 */
export class RunClosedElsewhereError extends EvaluatorError {
  constructor(
    readonly runId: string,
    readonly status: string,
  ) {
    super(runClosedMessage(runId, status));
  }
}

function runClosedMessage(runId: string, status: string): string {
  const run = `Run ${runId.slice(0, 8)}`;
  if (status === 'cancelled') {
    return `${run} was cancelled by another process (llm-eval runs cancel, or the API) while this evaluation ran: it stopped, and the items stored before the cancel are kept.`;
  }
  return (
    `${run} was settled as ${status} by another process (llm-eval runs recover --force, while this evaluation was ` +
    `thought gone) while this evaluation still ran: it stopped, and left the run as that process stored it.`
  );
}

/** An HTTP error from an OpenAI-compatible endpoint that will not get better by retrying. */
export class ModelApiError extends EvaluatorError {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A configuration option has a value it cannot take; names the option, what it got and what it needs. */
export class InvalidOptionError extends ConfigError {
  constructor(
    readonly option: string,
    readonly value: unknown,
    requirement: string,
  ) {
    super(`config.${option} must be ${requirement}, got ${describeOptionValue(value)}. Fix the option and run again.`);
  }
}

/** Where each of a stored run's fields comes from in the config. */
const RUN_FIELD_OPTIONS: Record<string, string> = {
  name: 'runName',
  datasetName: 'datasetName',
  projectId: 'projectId',
  modelName: 'modelName',
  modelVersion: 'modelVersion',
  taskType: 'taskType',
  tags: 'tags',
  createdBy: 'createdBy',
  description: 'description',
};

/**
 * The run's details (name, project, tags, model, …) cannot be stored: the database refused them when the run was
 * created, before any item was evaluated, and nothing was. `field` is the stored run's field (e.g. `projectId`,
 * `tags.0`), `option` the config option that gave it (e.g. `projectId`, `tags`).
 */
export class InvalidRunDetailsError extends ConfigError {
  readonly option: string | undefined;
  constructor(
    readonly field: string | undefined,
    /** What the database said of the field. */
    readonly reason: string,
  ) {
    const option = field === undefined ? undefined : RUN_FIELD_OPTIONS[field.split('.')[0]!];
    super(`The run cannot be stored: ${reason} Nothing was evaluated; fix ${option ? `config.${option}` : "the run's details"} and run again.`);
    this.option = option;
  }
}

/**
 * An environment variable the run depends on has a value it cannot take (e.g. `LLM_EVAL_HEARTBEAT_TIMEOUT=abc`). Found
 * before the run was created: nothing was evaluated or stored.
 */
export class InvalidEnvironmentError extends ConfigError {
  constructor(
    readonly variable: string,
    /** What is wrong with its value. */
    readonly reason: string,
  ) {
    super(`${reason} Nothing was evaluated or stored; fix ${variable} (or unset it) and run again.`);
  }
}

function describeOptionValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value == null) return String(value);
  return `a ${Array.isArray(value) ? 'list' : typeof value}`;
}

/** A metric did not finish within `metricTimeoutMs`; that item gets a metric error and the run goes on. */
export class MetricTimeoutError extends EvaluatorError {
  constructor(
    readonly metric: string,
    readonly timeoutMs: number,
  ) {
    super(`metric "${metric}" did not finish within ${timeoutMs} ms; make it faster or raise config.metricTimeoutMs`);
  }
}

/**
 * What to do about items a run could not store: save the kept result, or (keepItems: false) there is nothing to save.
 * A run deleted while it ran stops the evaluation, so its result holds the items evaluated until then, not all.
 * @internal
 */
export function unstoredAdvice(itemsKept: boolean, runDeleted = false): string {
  if (itemsKept && runDeleted) {
    return 'The evaluation stopped; the in-memory result holds the items evaluated before it did: save it with result.save() and import it later with migrateFromEvaluationResult.';
  }
  return itemsKept
    ? 'The in-memory result is complete; save it with result.save() and import it later with migrateFromEvaluationResult.'
    : 'The run kept no items in memory (keepItems: false), so those items are only in the run\'s summary; run again with keepItems: true to save them to a file.';
}

/** An item the database would not store, and why. */
export interface NotStoredItem {
  itemId: string;
  reason: string;
}

/**
 * Some items of a recorded run were refused by the database (each for its own reason, e.g. a value over a column's
 * limit); every other item was stored. `notStored` names each item left out.
 */
export class ItemsNotStoredError extends StorageWriteError {
  constructor(
    readonly runId: string,
    readonly notStored: readonly NotStoredItem[],
    readonly storedItems: number,
    itemsKept = true,
  ) {
    const shown = notStored.slice(0, 3).map((item) => `item "${item.itemId}": ${item.reason}`);
    const more = notStored.length > shown.length ? ` (and ${notStored.length - shown.length} more)` : '';
    const detail = `${notStored.length} item(s) of run ${runId} were not stored; the other ${storedItems} were. ${shown.join(' ')}${more}`;
    const cause = new Error(detail);
    cause.name = 'ItemsRejectedError';
    super(`${detail} ${unstoredAdvice(itemsKept)}`, { cause });
  }
}

/**
 * toJSON() or save() of an EvaluationResult made with `keepItems: false`: it holds the run's summary, not its items.
 * The items are in the database; the message names the stored run and how to export it.
 */
export class ItemsNotKeptError extends EvaluatorError {
  constructor(readonly runId: string | undefined) {
    super(
      runId
        ? `this result was created with keepItems: false, so it holds no items to export; export the stored run with \`llm-eval runs export ${runId}\` or build it with storedRunToExport(run, items) from the run and items read from the database.`
        : 'this result was created with keepItems: false and its run was not stored, so its items are gone; run again with keepItems: true to export them.',
    );
  }
}

/** An export of a stored run could not be written (its temporary files could not be created). */
export class ExportError extends EvaluatorError {}
