/**
 * PostgreSQL refusals that say a session cannot be had right now, not that the work was wrong: too many clients (53300),
 * the server starting or shutting down (57P03), a database that is not accepting connections (55000, `ALTER DATABASE …
 * ALLOW_CONNECTIONS false`, which storage reports as a plain database error).
 */
const UNAVAILABLE_CODES = new Set(['53300', '57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);
/** The pg client's and pool's own errors (no code) for a socket that ended or a session that could not be opened in time. */
const UNAVAILABLE_MESSAGE =
  /not currently accepting connections|too many clients|Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|terminating connection due to administrator command/i;

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  driverError?: ErrorShape;
  cause?: unknown;
}

/**
 * True when an error of the database (storage's typed error, or the driver's error it wraps) says the database could
 * not be reached: unreachable, a connection refused or ended, not accepting connections, too many clients. Waiting
 * cures these, however long the outage; a worker never gives an item up for one of them.
 * @internal
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  let e = error as ErrorShape | null | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    if (e.name === 'DatabaseConnectionError') return true;
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (UNAVAILABLE_CODES.has(code) || (code.startsWith('08') && code !== '08P01'))) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    e = (e.driverError ?? e.cause) as ErrorShape | undefined;
  }
  return false;
}
