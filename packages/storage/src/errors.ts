/** Base class of every error @llm-eval/storage throws on purpose. */
export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** `LLM_EVAL_DATABASE_URL` (or the `url` option) is malformed or uses an unsupported scheme. */
export class InvalidDatabaseUrlError extends StorageError {}

/** The driver package for the configured database is not installed. */
export class DriverNotInstalledError extends StorageError {}

/** Input to a repository method failed validation; nothing was written. */
export class ValidationError extends StorageError {
  constructor(
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No run with the given id exists. */
export class RunNotFoundError extends StorageError {
  constructor(readonly runId: string) {
    super(`Run "${runId}" does not exist. List runs with \`llm-eval runs list\` to find its id.`);
  }
}

/** What an item error says when only that item of a batch was left out. @internal */
export const ITEM_NOT_STORED = 'This item was not stored.';

/** An item id appears twice within one run. */
export class DuplicateItemError extends StorageError {
  constructor(
    readonly runId: string,
    readonly itemId: string,
    cause?: unknown,
    consequence = ITEM_NOT_STORED,
  ) {
    super(`Item id "${itemId}" already exists in run ${runId}; item ids must be unique within a run. ${consequence}`, { cause });
  }
}

/** One item the database would not store, with the typed reason. */
export interface RejectedItem {
  itemId: string;
  /** Position of the item in the batch given to addItems. */
  index: number;
  error: StorageError;
}

/**
 * Some items of a batch could not be stored (each for its own reason); every other item of the batch was stored.
 * `rejected` names each item left out.
 */
export class ItemsRejectedError extends StorageError {
  constructor(
    readonly runId: string,
    readonly stored: number,
    readonly rejected: RejectedItem[],
  ) {
    const shown = rejected.slice(0, 3).map((r) => `item "${r.itemId}": ${r.error.message}`);
    const more = rejected.length > shown.length ? ` (and ${rejected.length - shown.length} more)` : '';
    super(
      `${rejected.length} item(s) of run ${runId} were not stored; the other ${stored} were. ${shown.join(' ')}${more}`,
      { cause: rejected[0]?.error },
    );
  }
}

/**
 * The database has no llm-eval tables (or, for SQLite, no file) and the caller asked not to create them
 * (`createSchema: false`); nothing was created. Run `llm-eval db init` or open it without that option.
 */
export class DatabaseNotInitializedError extends StorageError {}

/** The database stayed locked by other writers after retrying with backoff; nothing of this write was stored. */
export class DatabaseBusyError extends StorageError {}

/** A pagination cursor could not be decoded or belongs to another sort order. */
export class InvalidCursorError extends StorageError {}

/** The database could not be reached or opened. The message never contains a password. */
export class DatabaseConnectionError extends StorageError {}

/** A run cannot be recovered because it is not running: it already has a final status. */
export class RunNotRecoverableError extends StorageError {}

/** A run's writer may still be writing it (its process exists on this host, or its heartbeat is fresh). */
export class RunWriterAliveError extends StorageError {}

/** Items were offered to a run that is no longer running (it has a final status); nothing was stored. */
export class RunClosedError extends StorageError {
  constructor(
    readonly runId: string,
    readonly status: string,
  ) {
    super(`Run ${runId} is ${status}: a finished run accepts no more items. Nothing of this batch was stored; start a new run to add items.`);
  }
}

/** An option of a new API token is not accepted; the message names the option (`field`) and what is accepted. */
export class InvalidTokenOptionError extends ValidationError {}

/** No API token has the given id or prefix. The message never repeats more of the input than a prefix. */
export class TokenNotFoundError extends StorageError {
  constructor(readonly reference: string) {
    super(`No API token has the id or prefix "${reference}". List tokens with \`llm-eval tokens list\`.`);
  }
}

/** The API token was revoked before; a token is revoked once. */
export class TokenAlreadyRevokedError extends StorageError {
  constructor(
    readonly tokenId: string,
    readonly revokedAt: Date,
  ) {
    super(`API token ${tokenId} is already revoked (since ${revokedAt.toISOString()}); nothing changed.`);
  }
}

/** An audit entry or an audit query was not accepted; nothing was written. */
export class InvalidAuditEntryError extends ValidationError {}

/** A retention policy was not accepted; nothing was written. */
export class InvalidRetentionPolicyError extends ValidationError {}
