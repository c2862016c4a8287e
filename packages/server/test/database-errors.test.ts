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
    expect((await open.json('/api/v1/runs')).status).toBe(200);
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
});
