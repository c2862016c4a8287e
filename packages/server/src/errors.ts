import {
  DuplicateImportError,
  DuplicateItemError,
  InvalidCursorError,
  ItemsRejectedError,
  RunNotFoundError,
  RunNotRecoverableError,
  RunWriterAliveError,
  RunClosedError,
  StorageError,
  TokenAlreadyRevokedError,
  TokenNotFoundError,
  ValidationError,
} from '@llm-eval/storage';
import { ComparisonError, InvalidSortError, QuerySyntaxError, RunReferenceError, SearchError } from '@llm-eval/search';
import { cutSecrets, cutSecretsDeep } from './auth/cut-secrets';
import { chainOf, databaseErrorLog, databaseFailure } from './database-failure';

/** Base class of every error @llm-eval/server throws on purpose. */
export class ServerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Options of createServer that cannot work (e.g. a public address without authentication). */
export class ServerConfigError extends ServerError {}

/** createServer's `dashboard` directory holds no built dashboard (no index.html); `directory` says which. */
export class DashboardNotBuiltError extends ServerConfigError {
  constructor(readonly directory: string) {
    super(`The dashboard directory ${directory} has no index.html. Build it (pnpm --filter @llm-eval/web build) or leave the dashboard option out.`);
  }
}

/**
 * listen() on an address other than loopback with authentication off: anyone who can reach `host` could read, change
 * and delete every run. A program (the CLI) that turns authentication on by other means can word the fix its own way.
 */
export class UnauthenticatedPublicHostError extends ServerConfigError {
  constructor(readonly host: string) {
    super(
      `Refusing to listen on ${host}: without authentication anyone who can reach that address could read, ` +
        'change and delete every run. Listen on 127.0.0.1 (the default) and put an authenticating proxy in front, ' +
        "or turn authentication on (createServer({ auth: 'tokens' }) or createServer({ trustedProxy: { addresses } })).",
    );
  }
}

/** The machine-readable codes of the API's error responses. */
export type ApiErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'not_found'
  | 'run_not_found'
  | 'ambiguous_reference'
  | 'conflict'
  | 'run_not_running'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_query'
  | 'items_rejected'
  | 'database_unavailable'
  | 'database_busy'
  | 'internal';

/** An error with its HTTP status, code and details: the one shape every error response takes. */
export class ApiError extends ServerError {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; details: Record<string, unknown> };
}

/**
 * Maps the typed errors of storage and search (and Fastify's own) to an ApiError. A database that cannot be reached
 * or is locked is a 503; any other database error a 500 (or a 400 for a value it refused) whose message never holds
 * the driver's text. Anything unknown becomes a 500 whose message says nothing about the internals (the original is
 * logged, never sent). `query`, the request's parsed query, tells a repeated query parameter from a wrong one;
 * `bodyLimit`, the route's largest body in bytes, is said in a 413.
 */
export function toApiError(error: unknown, query?: unknown, bodyLimit?: number): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as { code?: string; statusCode?: number; message?: string; validation?: unknown };
  const failure = databaseFailure(error);
  if (failure === 'unavailable') return new ApiError(503, 'database_unavailable', DATABASE_UNAVAILABLE);
  if (failure === 'busy') return new ApiError(503, 'database_busy', DATABASE_BUSY);
  // Any other error of the database: its text (SQL, table and column names, values) stays in the server log.
  if (failure === 'failed' && !(error instanceof DuplicateItemError)) {
    return chainHas(error, ValidationError) ? new ApiError(400, 'invalid_request', refusedValueMessage(error)) : internalError(error);
  }
  if (error instanceof QuerySyntaxError) {
    return new ApiError(422, 'invalid_query', error.message, { query: error.query, position: error.position });
  }
  if (error instanceof RunNotFoundError) return new ApiError(404, 'run_not_found', error.message, { run: error.runId });
  if (error instanceof RunReferenceError) {
    const ambiguous = /more than one|ambiguous/i.test(error.message);
    return ambiguous
      ? new ApiError(409, 'ambiguous_reference', error.message)
      : new ApiError(404, 'run_not_found', error.message);
  }
  if (error instanceof ComparisonError) return new ApiError(400, 'invalid_request', error.message);
  // Only GET /runs sorts by a metric (its `sort` parameter): refused like any other sort that is not field[:asc|desc].
  if (error instanceof InvalidSortError) {
    return new ApiError(400, 'invalid_request', `Invalid querystring.sort: ${error.message}.`, { field: 'querystring.sort' });
  }
  if (error instanceof InvalidCursorError) return new ApiError(400, 'invalid_request', error.message, { field: 'cursor' });
  if (error instanceof ValidationError) {
    return new ApiError(400, 'invalid_request', error.message, error.field ? { field: error.field } : {});
  }
  if (error instanceof DuplicateItemError) {
    return new ApiError(409, 'conflict', error.message, { run: error.runId, itemId: error.itemId });
  }
  if (error instanceof DuplicateImportError) return new ApiError(409, 'conflict', error.message);
  if (error instanceof RunClosedError) return new ApiError(409, 'conflict', error.message, { run: error.runId, status: error.status });
  if (error instanceof RunWriterAliveError || error instanceof RunNotRecoverableError) {
    return new ApiError(409, 'conflict', error.message);
  }
  if (error instanceof ItemsRejectedError) {
    // Its message quotes the first items' reasons, which may be the driver's: it is said again from the safe reasons.
    return new ApiError(422, 'items_rejected', `${error.rejected.length} item(s) of run ${error.runId} were not stored; the other ${error.stored} were.`, {
      run: error.runId,
      stored: error.stored,
      rejected: error.rejected.map((r) => ({ itemId: r.itemId, index: r.index, reason: rejectedItemReason(r.error, r.index).reason })),
    });
  }
  if (error instanceof TokenNotFoundError) return new ApiError(404, 'not_found', error.message);
  if (error instanceof TokenAlreadyRevokedError) return new ApiError(409, 'conflict', error.message, { token: error.tokenId });
  if (error instanceof StorageError || error instanceof SearchError) return new ApiError(400, 'invalid_request', error.message);
  if (e && typeof e === 'object') {
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = bodyLimit === undefined ? '' : ` (${byteSize(bodyLimit)})`;
      return new ApiError(413, 'payload_too_large', `The request body is larger than this server accepts${limit}.`);
    }
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return new ApiError(415, 'unsupported_media_type', 'This Content-Type is not accepted here: send the body as JSON with Content-Type application/json.');
    }
    if (e.validation !== undefined || e.code === 'FST_ERR_VALIDATION') return validationError(error, query);
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return new ApiError(e.statusCode, e.statusCode === 404 ? 'not_found' : 'invalid_request', e.message ?? 'Bad request.');
    }
  }
  return internalError(error);
}

/** A size in bytes as the options are given: 16 MiB, 64 KiB, or bytes when it is no whole number of either. */
function byteSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/** What a response says of a database it cannot reach (also the health report's `error`). */
export const DATABASE_UNAVAILABLE = 'The database is unreachable or not accepting connections. Retry later; the server log has the details.';
/** What a response says of a database locked by other writers. */
export const DATABASE_BUSY = 'The database is busy with other writers. Retry in a moment.';

/** The 500 of an unexpected error: its message says nothing about the internals (the original is logged, never sent). */
function internalError(error: unknown): ApiError {
  return new ApiError(500, 'internal', 'Internal server error. The server log has the details.', {}, { cause: error });
}

/** Whether `type` is the error or one of its causes. */
function chainHas(error: unknown, type: new (...args: never[]) => Error): boolean {
  return chainOf(error).some((e) => e instanceof type);
}

/** What a 400 says of a value the database refused (storage's checks let it through): never the driver's text. */
function refusedValueMessage(error: unknown): string {
  const tooLong = databaseErrorLog(error).some((e) => e.code === '22001' || e.code === 'SQLITE_TOOBIG');
  return tooLong
    ? 'A value of the request is longer than the database can store; nothing was stored. Shorten it.'
    : 'The database refused a value of the request; nothing was stored. Check the values sent.';
}

/**
 * Why an item of a batch was not stored, as a response may say it. Storage's own reasons are kept: its validation
 * names the item and the field and says what to fix, and a DuplicateItemError is its message too (even when the
 * unique index told). A row the database itself refused (a StorageError or ValidationError wrapping the driver's
 * error, whose text may name the database, its tables and constraints) gets a generic reason instead, as does any
 * reason built on an error that is not storage's; `fromDatabase` then tells the caller to log the detail
 * (databaseErrorLog). `index` is the item's position as the response counts it.
 */
export function rejectedItemReason(error: unknown, index: number): { reason: string; fromDatabase: boolean } {
  const message = error instanceof Error ? error.message : '';
  if (error instanceof DuplicateItemError) return { reason: message, fromDatabase: false };
  // Storage's own words: every error of the chain is one of its typed errors, none the driver's (nor anyone else's).
  const own = error instanceof StorageError && databaseFailure(error) === null && chainOf(error).every((e) => e instanceof StorageError);
  if (own) return { reason: message, fromDatabase: false };
  const tooLong = databaseErrorLog(error).some((e) => e.code === '22001' || e.code === 'SQLITE_TOOBIG');
  const what = tooLong ? 'a value of this item is longer than the database can store' : 'the database refused this item';
  return { reason: `Item ${index}: ${what}, so it was not stored. The server log has the details.`, fromDatabase: true };
}

/** A schema validation failure as a 400 naming each field that was wrong (a query parameter given twice, so). */
function validationError(error: unknown, query?: unknown): ApiError {
  const e = error as { validation?: Array<{ instancePath?: string; message?: string; params?: { issue?: { path?: unknown[] } } }>; validationContext?: string; message?: string };
  const where = e.validationContext ?? 'request';
  const all = (e.validation ?? []).map((v) => {
    const path = v.params?.issue?.path ?? (v.instancePath ?? '').split('/').filter(Boolean);
    const field = [where, ...(path as unknown[]).map(String)].join('.');
    return { field, message: v.message ?? 'is invalid' };
  });
  // One value may fail several checks saying the same (a page size beyond both the safe-integer bound and 1000).
  const issues = all.filter((issue, i) => all.findIndex((o) => o.field === issue.field && o.message === issue.message) === i);
  const repeated = where === 'querystring' ? repeatedParameter(query, issues) : null;
  if (repeated) return repeatedParameterError(repeated.name, repeated.times);
  const first = issues[0];
  const message = first ? `Invalid ${first.field}: ${first.message}` : (e.message ?? 'Invalid request.');
  return new ApiError(400, 'invalid_request', message, { field: first?.field, issues });
}

/** The 400 of a query parameter given `times` times that a route takes once (`name` as shown: never a value). */
export function repeatedParameterError(name: string, times: number): ApiError {
  return new ApiError(400, 'invalid_request', `Query parameter "${name}" is given ${times} times; give it once.`, {
    field: `querystring.${name}`,
  });
}

/**
 * The body of an error response. Messages and details repeat what the client sent (a run reference, a query, a
 * path): anything shaped like a token secret in them is cut to its prefix, wherever the error came from.
 */
export function errorBody(error: ApiError): ErrorBody {
  return { error: { code: error.code, message: cutSecrets(error.message), details: cutSecretsDeep(error.details) } };
}

/**
 * The parameter behind a querystring issue that the client repeated (`?limit=5&limit=6` parses as a list): the
 * issue would speak of a list or of NaN, when what is wrong is the repetition.
 */
function repeatedParameter(query: unknown, issues: Array<{ field: string }>): { name: string; times: number } | null {
  if (query === null || typeof query !== 'object') return null;
  for (const { field } of issues) {
    const name = field.split('.')[1];
    const value = name === undefined ? undefined : (query as Record<string, unknown>)[name];
    if (Array.isArray(value)) return { name: name!.slice(0, 100), times: value.length };
  }
  return null;
}
