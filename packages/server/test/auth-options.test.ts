import { createTestDatabase, type TestDatabase } from '@llm-eval/test-databases';
import { createServer, ServerConfigError, type LlmEvalServer, type Principal } from '../src';
import { DATABASE_KINDS, useServer } from './server-harness';

describe.each(DATABASE_KINDS)('authentication options on %s', (kind) => {
  let testDb: TestDatabase;
  const servers: LlmEvalServer[] = [];
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await testDb?.drop();
  });
  async function start(options: Parameters<typeof createServer>[0] = {}) {
    const server = await createServer({ databaseUrl: testDb.url, port: 0, ...options });
    servers.push(server);
    return server;
  }

  it('scopes requests to the Principal a custom authenticator returns', async () => {
    const scoped: Principal = { subject: 'sso:bob', role: 'viewer', projects: ['gamma'], via: 'proxy' };
    const server = await start({ auth: { authenticate: () => scoped } });
    await server.database.runs.createRun({ name: `gamma-run-${kind}`, projectId: 'gamma' });
    const hidden = await server.database.runs.createRun({ name: `delta-run-${kind}`, projectId: 'delta' });
    const url = await server.listen();
    const list = (await (await fetch(`${url}/api/v1/runs?limit=100`)).json()) as { runs: Array<{ name: string }> };
    expect(list.runs.map((r) => r.name)).toEqual([`gamma-run-${kind}`]);
    expect((await fetch(`${url}/api/v1/runs/${hidden.id}`)).status).toBe(404);
    const write = await fetch(`${url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x' }) });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { error: unknown }).error).toMatchObject({ code: 'forbidden', details: { requiredRole: 'editor', role: 'viewer' } });
  });

  it("listens on a public address with auth 'tokens', and refuses every /api/v1 request without a token there", async () => {
    const server = await start({ auth: 'tokens' });
    const port = new URL(await server.listen({ host: '0.0.0.0' })).port;
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/runs`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses options that cannot work', async () => {
    await expect(start({ rateLimit: { requestsPerMinute: 0 } })).rejects.toBeInstanceOf(ServerConfigError);
    await expect(start({ retentionIntervalMs: 5 })).rejects.toBeInstanceOf(ServerConfigError);
    await expect(start({ trustedProxy: { addresses: [] } })).rejects.toBeInstanceOf(ServerConfigError);
  });
});

describe.each(DATABASE_KINDS)('scheduled retention on %s', (kind) => {
  const api = useServer(kind, { retentionIntervalMs: 1000 });

  it("applies the projects' policies on its schedule, each deletion audited as server:retention", async () => {
    const db = api.server.database;
    const old = await db.runs.importRun({ name: `old-${kind}`, projectId: 'kept-short', status: 'completed', createdAt: new Date(Date.now() - 10 * 86_400_000) }, []);
    const fresh = await db.runs.importRun({ name: `fresh-${kind}`, projectId: 'kept-short', status: 'completed' }, []);
    const elsewhere = await db.runs.importRun({ name: `other-${kind}`, projectId: 'kept-long', status: 'completed', createdAt: new Date(Date.now() - 10 * 86_400_000) }, []);
    await db.retention.set('kept-short', { maxAgeDays: 1 }, { actor: 'test' });
    for (let i = 0; i < 150 && (await db.runs.getRun(old.id)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await db.runs.getRun(old.id)).toBeNull();
    expect(await db.runs.getRun(fresh.id)).not.toBeNull();
    expect(await db.runs.getRun(elsewhere.id)).not.toBeNull();
    const pruned = (await db.audit.list({ action: 'run.pruned' })).entries;
    expect(pruned).toEqual([expect.objectContaining({ actor: 'server:retention', targetId: old.id, projectId: 'kept-short' })]);
  });
});
