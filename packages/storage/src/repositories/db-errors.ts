import { DatabaseBusyError, DatabaseConnectionError, StorageError, ValidationError } from '../errors';

interface DriverErrorShape {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  column?: unknown;
  driverError?: DriverErrorShape;
  cause?: unknown;
}

/** The driver's error code (SQLite `SQLITE_…`, PostgreSQL SQLSTATE, Node `ECONN…`) behind a TypeORM error. @internal */
export function driverCodeOf(error: unknown): string | undefined {
  let e = error as DriverErrorShape | null | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = e.driverError?.code ?? e.code;
    if (typeof code === 'string' && code !== '') return code;
    e = (e.driverError ?? e.cause) as DriverErrorShape | undefined;
  }
  return undefined;
}

/** True when a driver error is a unique-constraint violation (SQLite or PostgreSQL). @internal */
export function isUniqueViolation(error: unknown): boolean {
  const code = driverCodeOf(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * True when the database refused the work only because another writer holds a lock (SQLite busy/locked; PostgreSQL
 * deadlock, serialization failure or lock timeout): the transaction was rolled back and may simply be tried again.
 * @internal
 */
export function isBusyError(error: unknown): boolean {
  if (error instanceof DatabaseBusyError) return true;
  const code = driverCodeOf(error);
  if (code === undefined) return /database is locked|database table is locked/i.test(String((error as Error)?.message));
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === '40P01' || code === '40001' || code === '55P03';
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', 'SQLITE_CANTOPEN', 'SQLITE_NOTADB']);

/**
 * Codes of a session that was open and has been ended: by the server (57P01 admin_shutdown, e.g. pg_terminate_backend
 * or a fast shutdown; 57P02 crash_shutdown) or on the way (the socket reset or closed under a write). Not 57P03
 * (cannot_connect_now) or a refused connection: those say a new session cannot be had, which a retry does not change.
 */
const ENDED_SESSION_CODES = new Set(['57P01', '57P02', 'ECONNRESET', 'EPIPE']);
/** The pg client's own errors (no code) for a session whose socket ended under it. Not "…due to connection timeout". */
const ENDED_SESSION_MESSAGE = /^(Connection terminated unexpectedly|Client has encountered a connection error and is not queryable)|terminating connection due to administrator command/;

/**
 * True when the error says the database session it ran on had already been ended (see ENDED_SESSION_CODES), so the
 * same work on a new session may succeed: a pooled session ended while idle fails its next statement this way.
 * @internal
 */
export function isEndedSession(error: unknown): boolean {
  const code = driverCodeOf(error);
  if (code !== undefined) return ENDED_SESSION_CODES.has(code);
  let e = error as DriverErrorShape | null | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (typeof e.message === 'string' && ENDED_SESSION_MESSAGE.test(e.message)) return true;
    e = (e.driverError ?? e.cause) as DriverErrorShape | undefined;
  }
  return false;
}

/**
 * Turns a raw driver error into this package's typed errors; errors that already are StorageErrors pass through.
 * Unknown database errors become a StorageError that keeps the driver error as its cause.
 * @internal
 */
export function toStorageError(error: unknown, scrub: (text: string) => string = (text) => text): unknown {
  if (error instanceof StorageError || !(error instanceof Error)) return error;
  const code = driverCodeOf(error) ?? '';
  // Programming errors (a TypeError in our own code) are not the database's: leave them as they are.
  if (code === '' && error.name !== 'QueryFailedError' && !isBusyError(error)) return error;
  const reason = scrub(error.message);
  if (isBusyError(error)) {
    return new DatabaseBusyError(`The database stayed locked by other writers: ${reason}. Retry later, or use fewer concurrent writers.`, { cause: error });
  }
  // 08P01 (protocol_violation) sits in PostgreSQL's connection-exception class, but it is the statement that was wrong
  // (e.g. more bound parameters than the protocol can count), and the connection goes on working.
  if (CONNECTION_CODES.has(code) || (code.startsWith('08') && code !== '08P01') || code === '57P03' || isEndedSession(error)) {
    return new DatabaseConnectionError(`The database connection failed${code ? ` (${code})` : ''}: ${reason}. Check that the database is running and reachable.`, { cause: error });
  }
  if (code === '22001') {
    return new ValidationError(`A value is longer than its column allows: ${reason}. Shorten it.`, undefined, { cause: error });
  }
  if (code === '22021' || code === '22P05' || code === '22P02' || code === '23514' || code === '23502' || code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_NOTNULL') {
    return new ValidationError(`The database rejected a value: ${reason}.`, undefined, { cause: error });
  }
  if (code === 'SQLITE_FULL' || code === '53100') {
    return new StorageError(`The database disk is full: ${reason}. Free space, then retry.`, { cause: error });
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY') || code === '25006') {
    return new StorageError(`The database is read-only: ${reason}. Check the file's permissions.`, { cause: error });
  }
  return new StorageError(`Database error${code ? ` (${code})` : ''}: ${reason}`, { cause: error });
}
