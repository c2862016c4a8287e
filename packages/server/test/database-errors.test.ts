import { Client } from 'pg';
import { PG_ADMIN_URL } from '@llm-eval/test-databases';
import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';
import { logCapture } from './access-world';

/** Text of the driver or the schema that an answer must never hold. */
function expectNoInternals(body: unknown, marks: string[]): void {
  const text = JSON.stringify(body);
  for (const mark of marks) expect(text).not.toContain(mark);
}

// The database's own words (SQL, table and column names, constraint names, the database's name) stay in the server
// log: an answer says what happened in general terms, with the status the README documents.
describe.each(DATABASE_KINDS)('an unexpected database error on %s', (kind) => {
  const logs = logCapture();
  const api = useServer(kind, { logger: { level: 'warn', stream: logs.stream } });

  it('is a 500 internal error with a generic message, and the detail is logged', async () => {
    // A schema this server does not expect: every run insert and read now fails in the database.
    await api.server.database.dataSource.query('ALTER TABLE "evaluation_runs" RENAME COLUMN "task_type" TO "task_type_gone"');
    const create = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'after-the-change' } });
    const list = await api.json('/api/v1/runs');
    for (const res of [create, list]) {
      expect(res.status).toBe(500);
      expect(res.body.error).toEqual({ code: 'internal', message: 'Internal server error. The server log has the details.', details: {} });
    }
    expectNoInternals(create.body, ['task_type', 'evaluation_runs', 'SQLITE', 'column']);
    expect(logs.text()).toContain('task_type');
  });
});

describe('a value the PostgreSQL database refuses', () => {
  const api = useServer('postgres', { logger: false });

  it('is a 400 that does not quote the database', async () => {
    await api.server.database.dataSource.query(`ALTER TABLE "evaluation_runs" ADD CONSTRAINT "CHK_test_no_boom" CHECK ("name" <> 'boom')`);
    const res = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'boom' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/database refused a value/) });
    expectNoInternals(res.body, ['CHK_test_no_boom', 'evaluation_runs', 'violates', 'constraint']);
  });
});

/** Where the test database is: its PostgreSQL database name, or its SQLite file's path. */
function databaseNameOf(api: TestServer): string {
  const url = new URL(api.databaseUrl);
  return url.protocol.startsWith('sqlite') ? api.databaseUrl.replace(/^sqlite:\/\//, '') : url.pathname.slice(1);
}

/** A reason the database gives for a row, made to hold what must never reach a client (the database's name, user, host). */
async function refuseItemInDatabase(api: TestServer, kind: 'sqlite' | 'postgres', itemId: string): Promise<string> {
  const ds = api.server.database.dataSource;
  const name = databaseNameOf(api);
  if (kind === 'sqlite') {
    // A literal: SQLite's RAISE takes no expressions. The path is the SQLite counterpart of a database name.
    const text = `trigger-says-no in ${name.replace(/'/g, "''")}`;
    await ds.query(`CREATE TRIGGER "trg_refuse_item" BEFORE INSERT ON "evaluation_items" WHEN NEW."item_id" = '${itemId}' BEGIN SELECT RAISE(ABORT, '${text}'); END`);
    return name;
  }
  await ds.query(`
    CREATE FUNCTION "fn_refuse_item"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW."item_id" = '${itemId}' THEN
        RAISE EXCEPTION 'trigger-says-no: database %, user %, host %', current_database(), current_user, inet_server_addr()
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$`);
  await ds.query(`CREATE TRIGGER "trg_refuse_item" BEFORE INSERT ON "evaluation_items" FOR EACH ROW EXECUTE FUNCTION "fn_refuse_item"()`);
  return name;
}

// Storage checks each item before the insert; a row that passes and is still refused (a constraint or trigger of the
// database, a value the driver cannot send) is the database's decision, in the database's words: those stay in the log.
describe.each(DATABASE_KINDS)('an item the %s database refuses', (kind) => {
  const logs = logCapture();
  const api = useServer(kind, { logger: { level: 'warn', stream: logs.stream } });

  it('is rejected alone with a generic reason, its detail logged; the other items are stored', async () => {
    const name = await refuseItemInDatabase(api, kind, 'refused-item');
    if (kind === 'postgres') {
      await api.server.database.dataSource.query(`ALTER TABLE "evaluation_items" ADD CONSTRAINT "CHK_${name}" CHECK ("item_id" <> 'refused-by-check')`);
    }
    const run = (await api.json('/api/v1/runs', { method: 'POST', json: { name: 'refusals', metricsUsed: ['m'] } })).body;
    const items = [
      { itemId: 'kept-1', scores: { m: 1 } },
      { itemId: 'refused-item', scores: { m: 0 } },
      { itemId: 'x'.repeat(300), scores: { m: 1 } },
      { itemId: 'kept-2', scores: { m: 0.5 } },
      ...(kind === 'postgres' ? [{ itemId: 'refused-by-check', scores: { m: 1 } }] : []),
    ];
    const res = await api.json(`/api/v1/runs/${run.id}/items`, { method: 'POST', json: { items } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ runId: run.id, stored: 2, alreadyStored: [] });
    const refusal = (index: number) => ({
      itemId: items[index]!.itemId,
      index,
      field: null,
      reason: `Item ${index}: the database refused this item, so it was not stored. The server log has the details.`,
    });
    expect(res.body.rejected).toEqual([
      refusal(1),
      // Storage's own check, written for the client: kept as it is, naming the field.
      { itemId: `${'x'.repeat(64)}… (300 characters)`, index: 2, field: 'itemId', reason: expect.stringMatching(/^Item 2 .*"itemId".*at most 255 characters/) },
      ...(kind === 'postgres' ? [refusal(4)] : []),
    ]);
    const driverWords = ['trigger-says-no', 'trg_refuse_item', 'fn_refuse_item', 'CHK_', 'evaluation_items', 'violates', 'check_violation', '23514', 'SQLITE', 'constraint'];
    const user = kind === 'postgres' ? [new URL(api.databaseUrl).username] : [];
    expectNoInternals(res.body, [name, '127.0.0.1', ...user, ...driverWords]);
    expect(logs.text()).toContain('trigger-says-no');
    expect(logs.text()).toContain(name);

    const stored = await api.json(`/api/v1/runs/${run.id}/items?limit=100`);
    expect(stored.body.items.map((i: { itemId: string }) => i.itemId).sort()).toEqual(['kept-1', 'kept-2']);
    expect((await api.json(`/api/v1/runs/${run.id}`)).body.totalItems).toBe(2);
  });
});

// The health report's `error` says what is wrong in general terms; the database's message is in the server log.
describe.each(DATABASE_KINDS)('a health check that fails on %s', (kind) => {
  const logs = logCapture();
  const api = useServer(kind, { logger: { level: 'warn', stream: logs.stream } });

  it('is a 503 whose error is generic, and the detail is logged', async () => {
    await api.json('/api/v1/runs', { method: 'POST', json: { name: 'for-the-newest-run' } });
    // The report reads the newest run by its creation time: a column this server no longer finds.
    await api.server.database.dataSource.query('ALTER TABLE "evaluation_runs" RENAME COLUMN "created_at" TO "created_at_gone"');
    const res = await api.json('/api/v1/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ ok: false, reachable: true, error: 'The database health check failed. The server log has the details.' });
    const { url: _url, ...rest } = res.body;
    expectNoInternals(rest, [databaseNameOf(api), 'created_at', 'column', 'SQLITE', 'does not exist', '42703']);
    expect(logs.text()).toContain('created_at');
  });
});

/** Makes the server's PostgreSQL database refuse connections and ends the server's sessions; returns the undo. */
async function takeDatabaseDown(api: TestServer): Promise<() => Promise<void>> {
  const name = new URL(api.databaseUrl).pathname.slice(1);
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  return async () => {
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    await admin.end();
  };
}

/** The status of `path` once it is `wanted` (a pooled session ended by the outage fails once, then is dropped), or the last one after `ms`. */
async function statusWithin(api: TestServer, path: string, wanted: number, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    const { status } = await api.json(path);
    if (status === wanted || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** /health's report once it says ok, or the last one after `ms`. */
async function healthWithin(api: TestServer, ms: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const { body } = await api.json('/api/v1/health');
    if (body.ok === true || Date.now() > deadline) return body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// Each server below has a database of its own (the harness creates one per server), so no other test is affected.
describe('PostgreSQL unreachable', () => {
  const logs = logCapture();
  const open = useServer('postgres', { logger: { level: 'warn', stream: logs.stream } });
  const guarded = useServer('postgres', { auth: 'tokens', logger: false });

  it('answers 503 database_unavailable on every route that needs it, without the driver\'s words, and recovers', async () => {
    const run = (await open.json('/api/v1/runs', { method: 'POST', json: { name: 'before-the-outage', metricsUsed: ['m'] } })).body;
    const restore = await takeDatabaseDown(open);
    const name = new URL(open.databaseUrl).pathname.slice(1);
    try {
      const answers = [
        await open.json('/api/v1/runs'),
        await open.json(`/api/v1/runs/${run.id}`),
        await open.json('/api/v1/runs', { method: 'POST', json: { name: 'during-the-outage' } }),
        await open.json(`/api/v1/runs/${run.id}/items`, { method: 'POST', json: { items: [{ itemId: 'a', scores: { m: 1 } }] } }),
      ];
      for (const res of answers) {
        expect([res.status, res.body.error.code]).toEqual([503, 'database_unavailable']);
        expectNoInternals(res.body, [name, 'currently accepting', '55000', '57P01']);
      }
      expect(logs.text()).toContain('not currently accepting connections');
    } finally {
      await restore();
    }
    expect(await statusWithin(open, '/api/v1/runs', 200, 10_000)).toBe(200);
  });

  it('reports the database unavailable in /health without the driver\'s words, logs them, and recovers', async () => {
    const name = new URL(open.databaseUrl).pathname.slice(1);
    const user = new URL(open.databaseUrl).username;
    const restore = await takeDatabaseDown(open);
    const logged = logs.text().length;
    const res = await open.json('/api/v1/health').finally(restore);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      ok: false,
      reachable: false,
      error: 'The database is unreachable or not accepting connections. Retry later; the server log has the details.',
    });
    // `url` is the report's configured database URL (without its password), not driver text: everything else is
    // checked for the database's name, and `error` also for the host and the user.
    const { url: _url, ...rest } = res.body;
    expectNoInternals(rest, [name, 'currently accepting', 'terminat', 'FATAL', '55000', '57P01', 'Connection']);
    expectNoInternals(res.body.error, [name, '127.0.0.1', user, 'database "']);
    // The pool's idle session was ended (57P01), or a new one was refused (55000), depending on the timing.
    expect(logs.text().slice(logged)).toMatch(/health check: the database is not usable/);
    expect(logs.text().slice(logged)).toMatch(/terminating connection|not currently accepting connections/);
    // pg_terminate_backend returns before the sessions end: a pooled connection may still meet its end in the first
    // check after the database is back (and is dropped then). Recovering means the next checks are healthy.
    expect(await healthWithin(open, 10_000)).toMatchObject({ ok: true, reachable: true });
  });

  it('answers 503, not 401, when the token cannot be checked', async () => {
    const { secret } = await guarded.server.database.tokens.create({ name: 'outage', role: 'viewer', projects: '*', createdBy: 'test' });
    const restore = await takeDatabaseDown(guarded);
    try {
      const res = await guarded.json('/api/v1/runs', { headers: { authorization: `Bearer ${secret}` } });
      expect([res.status, res.body.error.code]).toEqual([503, 'database_unavailable']);
    } finally {
      await restore();
    }
  });

  it('answers /health with the 503 error shape, not a 500, when the token cannot be checked', async () => {
    const { secret } = await guarded.server.database.tokens.create({ name: 'outage-health', role: 'viewer', projects: '*', createdBy: 'test' });
    const restore = await takeDatabaseDown(guarded);
    try {
      const res = await guarded.json('/api/v1/health', { headers: { authorization: `Bearer ${secret}` } });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 503,
        body: { error: { code: 'database_unavailable', message: expect.stringContaining('unreachable'), details: {} } },
      });
    } finally {
      await restore();
    }
  });
});
