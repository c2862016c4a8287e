import { Client } from 'pg';
import { checkHealth, DatabaseConnectionError, initializeDatabase, StorageError, type Database, type HealthReport } from '../src';
import { isEndedSession, toStorageError } from '../src/repositories/db-errors';
import { createTestDatabase, PG_ADMIN_URL, type TestDatabase } from './databases';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

const PASSWORD = 'hunter2-ended-session';
const POOL_SIZE = 3;

/**
 * PostgreSQL ends pooled sessions (pg_terminate_backend, an administrator's or a fast shutdown, a reset connection), and
 * the pool drops such a session only when a statement fails on it. The health check must then try a new session
 * rather than call a working database unreachable (the server's /health 503), and must not retry anything else.
 * Everything here is real: the sessions are ended by the PostgreSQL server, or cut by a TCP proxy in front of it.
 */
describe('health check after the pooled PostgreSQL sessions were ended', () => {
  let testDb: TestDatabase;
  let admin: Client;
  let name: string;
  let proxy: TcpProxy;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    name = new URL(testDb.url).pathname.slice(1);
    admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await testDb?.drop();
  });

  beforeEach(async () => {
    const server = new URL(PG_ADMIN_URL);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const url = new URL(testDb.url);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    if (!url.username) url.username = 'postgres';
    url.password = PASSWORD;
    url.search = `?pool_size=${POOL_SIZE}&connect_timeout=5&application_name=llm-eval-ended-sessions`;
    db = await initializeDatabase({ url: url.toString() });
  });
  afterEach(async () => {
    await db?.close();
    await proxy?.close();
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
  });

  /** The backends serving the test database (never the admin connection, which is on another database). */
  async function sessionPids(): Promise<number[]> {
    const { rows } = await admin.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    return rows.map((r: { pid: number }) => r.pid);
  }

  /** Makes the pool hold POOL_SIZE idle sessions: as many statements at once, each on its own session. */
  async function fillPool(): Promise<void> {
    await Promise.all(Array.from({ length: POOL_SIZE }, () => db.dataSource.query('SELECT pg_sleep(0.05)')));
    expect(await sessionPids()).toHaveLength(POOL_SIZE);
  }

  /** Ends every session of the test database; pg_terminate_backend returns before they end, so waits until they have. */
  async function endSessions(): Promise<void> {
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    const deadline = Date.now() + 10_000;
    while ((await sessionPids()).length > 0) {
      if (Date.now() > deadline) throw new Error('the terminated sessions did not end within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function timedHealth(): Promise<{ health: HealthReport; ms: number; newSessions: number }> {
    const attempts = proxy.attempts;
    const started = Date.now();
    const health = await checkHealth({ dataSource: db.dataSource, config: db.config });
    return { health, ms: Date.now() - started, newSessions: proxy.attempts - attempts };
  }

  it('opens a new session when the server ended the idle pooled ones (57P01), instead of reporting the database unreachable', async () => {
    await fillPool();
    // The client learns of the end when it next uses the session, as when it had not read the socket yet.
    proxy.holdServerUntilNextWrite();
    await endSessions();
    const { health, newSessions } = await timedHealth();
    expect(health.error).toBeUndefined();
    expect(health).toMatchObject({ ok: true, reachable: true, backend: 'postgres' });
    // One probe per ended session failed (each dropping it from the pool), then one new session answered.
    expect(newSessions).toBe(1);
    expect(await sessionPids()).toHaveLength(1);
  });

  it('opens a new session when the pooled ones were reset under their next statement (ECONNRESET)', async () => {
    await fillPool();
    proxy.resetOnNextWrite();
    const { health, newSessions } = await timedHealth();
    expect(health).toMatchObject({ ok: true, reachable: true });
    expect(newSessions).toBe(1);
  });

  it("survives the pool's error for an idle session the server ended, and reports the database reachable", async () => {
    await fillPool();
    // The idle clients read the FATAL message and the close: pg.Pool emits 'error' (TypeORM listens; an 'error' event
    // without a listener would be thrown and fail this test) and drops them.
    await endSessions();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { health, newSessions } = await timedHealth();
    expect(health).toMatchObject({ ok: true, reachable: true });
    expect(newSessions).toBe(1);
  });

  it('reports unreachable, after a single new session, when the server ended the sessions and refuses new ones', async () => {
    await fillPool();
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    proxy.holdServerUntilNextWrite();
    await endSessions();
    const { health, ms, newSessions } = await timedHealth();
    expect(health).toMatchObject({ ok: false, reachable: false });
    expect(health.error).toMatch(/not currently accepting connections/);
    expect((health.failure as { code?: string }).code).toBe('55000');
    expect(newSessions).toBe(1);
    expect(ms).toBeLessThan(4_000); // one attempt, not a retry or a second timeout (4 s leaves a loaded machine room)
    expect(JSON.stringify(health)).not.toContain(PASSWORD);
  });

  it('reports an outage (nothing listening) unreachable at once, without the password', async () => {
    await fillPool();
    await proxy.close();
    const { health, ms } = await timedHealth();
    expect(health).toMatchObject({ ok: false, reachable: false });
    expect(health.error).toMatch(/ECONNREFUSED|terminated/);
    expect(ms).toBeLessThan(4_000); // one attempt, not a retry or a second timeout (4 s leaves a loaded machine room)
    expect(JSON.stringify(health)).not.toContain(PASSWORD);
    expect(health.url).toContain(':***@127.0.0.1:');
  });

  it('stops at the first new session that fails when every new connection is reset too', async () => {
    await fillPool();
    proxy.cut();
    const { health, ms, newSessions } = await timedHealth();
    expect(health).toMatchObject({ ok: false, reachable: false });
    // Ended pooled sessions are retried; a new session's failure is the answer (a load balancer in front of a database
    // that is down resets every connection: no point in opening pool_size of them).
    expect(newSessions).toBe(1);
    expect(ms).toBeLessThan(4_000); // one attempt, not a retry or a second timeout (4 s leaves a loaded machine room)
    expect(JSON.stringify(health)).not.toContain(PASSWORD);
  });
});

describe('isEndedSession', () => {
  const pgError = (code: string | undefined, message: string) => Object.assign(new Error(message), code === undefined ? {} : { code });
  const wrapped = (driverError: Error) => Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection because of crash of another server process'],
    ['ECONNRESET', 'read ECONNRESET'],
    ['EPIPE', 'write EPIPE'],
    [undefined, 'Connection terminated unexpectedly'],
  ])('is true for a session that was ended: %s %s', (code, message) => {
    expect(isEndedSession(pgError(code, message))).toBe(true);
    expect(isEndedSession(wrapped(pgError(code, message)))).toBe(true);
    expect(toStorageError(wrapped(pgError(code, message)))).toBeInstanceOf(DatabaseConnectionError);
  });

  it.each([
    ['57P03', 'the database system is starting up'],
    ['55000', 'database "x" is not currently accepting connections'],
    ['28P01', 'password authentication failed for user "eval"'],
    ['3D000', 'database "x" does not exist'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'],
    ['ETIMEDOUT', 'connect ETIMEDOUT'],
    ['57014', 'canceling statement due to statement timeout'],
    ['08P01', 'bind message has 4464 parameter formats but 0 parameters'],
    [undefined, 'Connection terminated due to connection timeout'],
    [undefined, 'timeout exceeded when trying to connect'],
  ])('is false for anything else: %s %s', (code, message) => {
    expect(isEndedSession(pgError(code, message))).toBe(false);
    expect(isEndedSession(wrapped(pgError(code, message)))).toBe(false);
  });

  it('leaves 08P01 a database error, not a lost connection', () => {
    const typed = toStorageError(wrapped(pgError('08P01', 'bind message has 4464 parameter formats but 0 parameters')));
    expect(typed).toBeInstanceOf(StorageError);
    expect(typed).not.toBeInstanceOf(DatabaseConnectionError);
  });
});
