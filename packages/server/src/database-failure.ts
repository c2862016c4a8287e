import { DatabaseBusyError, DatabaseConnectionError, type DatabaseConfig } from '@llm-eval/storage';

/**
 * What a failed request's error says about the database: `unavailable` (unreachable, refusing connections, its
 * session ended), `busy` (locked by other writers), `failed` (any other error of the database or its driver), or
 * null when the database had nothing to do with it. Errors reach the server raw (reads) or wrapped by storage
 * (writes: a StorageError whose cause is the driver's error), so the whole cause chain is looked at.
 */
export type DatabaseFailure = 'unavailable' | 'busy' | 'failed';

interface DriverErrorShape {
  name?: unknown;
  code?: unknown;
  severity?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

/** Node's network errors, and SQLite's for a file it cannot open as a database. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'SQLITE_CANTOPEN', 'SQLITE_NOTADB']);
/**
 * PostgreSQL SQLSTATEs of a server that cannot serve this session: shutdown or crash (57P01-57P03), too many
 * connections (53300), the database gone (3D000), refused credentials (28000, 28P01). Class 08 is added below.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '3D000', '28000', '28P01']);
/** SQLite busy/locked; PostgreSQL deadlock, serialization failure, lock timeout. */
const BUSY_CODE = /^(SQLITE_BUSY|SQLITE_LOCKED)|^(40P01|40001|55P03)$/;
/** The pg client's own errors (no SQLSTATE) for a connection that ended or never came. */
const CONNECTION_LOST = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end)/;
/** TypeORM's errors of a DataSource that is not connected. */
const NOT_CONNECTED = new Set(['CannotExecuteNotConnectedError', 'ConnectionIsNotSetError', 'PoolIsNotSetError']);

/** The errors of the cause chain, outermost first (at most 6). */
export function chainOf(error: unknown): DriverErrorShape[] {
  const chain: DriverErrorShape[] = [];
  let e = error as DriverErrorShape | null | undefined;
  while (e && typeof e === 'object' && chain.length < 6) {
    chain.push(e);
    e = (e.driverError ?? e.cause) as DriverErrorShape | undefined;
  }
  return chain;
}

/** What the error says about the database (see DatabaseFailure). */
export function databaseFailure(error: unknown): DatabaseFailure | null {
  const chain = chainOf(error);
  let fromDatabase = false;
  for (const e of chain) {
    if (e instanceof DatabaseConnectionError) return 'unavailable';
    if (e instanceof DatabaseBusyError) return 'busy';
    const code = typeof e.code === 'string' ? e.code : '';
    const severity = typeof e.severity === 'string' ? e.severity : '';
    const message = typeof e.message === 'string' ? e.message : '';
    const name = typeof e.name === 'string' ? e.name : '';
    // 08P01 (protocol_violation) is in the connection-exception class, but it is the statement that was wrong (more bound
    // parameters than the protocol counts, say), on a connection that goes on working: not the database being away.
    if (CONNECTION_CODES.has(code) || (code.startsWith('08') && code !== '08P01') || UNAVAILABLE_SQLSTATES.has(code)) return 'unavailable';
    // A FATAL (or PANIC) error ends the session, e.g. "database … is not currently accepting connections" (55000).
    if (severity === 'FATAL' || severity === 'PANIC') return 'unavailable';
    if (CONNECTION_LOST.test(message) || NOT_CONNECTED.has(name)) return 'unavailable';
    if (BUSY_CODE.test(code)) return 'busy';
    // pg's errors carry a severity, SQLite's a SQLITE_ code; TypeORM wraps a refused statement as QueryFailedError.
    if (severity !== '' || code.startsWith('SQLITE_') || name === 'QueryFailedError') fromDatabase = true;
  }
  return fromDatabase ? 'failed' : null;
}

/**
 * A database error as the server log shows it: each error of the cause chain by type, code and message, with the
 * database password cut out wherever it appears. Never the SQL's parameters (TypeORM keeps them on its errors).
 */
export function databaseErrorLog(error: unknown, secrets: ReadonlyArray<string | undefined> = []): Array<Record<string, unknown>> {
  const scrub = (text: string) => secrets.reduce<string>((t, secret) => (secret ? t.split(secret).join('[redacted]') : t), text);
  return chainOf(error).map((e) => ({
    type: typeof e.name === 'string' ? e.name : typeof e,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.severity === 'string' ? { severity: e.severity } : {}),
    message: scrub(typeof e.message === 'string' ? e.message : String(e)),
  }));
}

/** The database password (PostgreSQL), which databaseErrorLog cuts out of what it logs. */
export function databasePassword(config: DatabaseConfig): string | undefined {
  return config.type === 'postgres' ? config.password : undefined;
}
