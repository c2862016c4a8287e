import { execFileSync } from 'node:child_process';
import { useServer } from './server-harness';
import { seedWorld, type World } from './access-world';

const CACHE_HEADER = 'x-llm-eval-cache';

describe('read responses served again from memory (SQLite)', () => {
  const api = useServer('sqlite', { responseCacheMs: 60_000 });

  it('serves a repeated read from the cache with the same body', async () => {
    await api.server.database.runs.createRun({ name: 'cached-a' });
    const first = await api.request('/api/v1/runs?limit=5');
    const second = await api.request('/api/v1/runs?limit=5');
    expect(first.headers.get(CACHE_HEADER)).toBe('miss');
    expect(second.headers.get(CACHE_HEADER)).toBe('hit');
    expect(second.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await second.text()).toBe(await first.text());
  });

  it('never serves a response read before a write made by another process', async () => {
    await api.json('/api/v1/runs?limit=50');
    expect((await api.request('/api/v1/runs?limit=50')).headers.get(CACHE_HEADER)).toBe('hit');
    // Another process (storage's built package) adds a run to the same file.
    const script =
      "const s = require('@llm-eval/storage');" +
      "s.initializeDatabase({ url: process.argv[1] }).then(async (db) => { await db.runs.createRun({ name: 'written-elsewhere' }); await db.close(); });";
    execFileSync(process.execPath, ['-e', script, api.databaseUrl], { cwd: __dirname, stdio: 'pipe' });
    const after = await api.json('/api/v1/runs?limit=50');
    expect(after.headers.get(CACHE_HEADER)).toBe('miss');
    expect(after.body.runs.map((r: { name: string }) => r.name)).toContain('written-elsewhere');
  });

  it("never serves a response read before the server's own write", async () => {
    const run = await api.server.database.runs.createRun({ name: 'to-rename' });
    expect((await api.json(`/api/v1/runs/${run.id}`)).body.name).toBe('to-rename');
    expect((await api.request(`/api/v1/runs/${run.id}`)).headers.get(CACHE_HEADER)).toBe('hit');
    expect((await api.json(`/api/v1/runs/${run.id}`, { method: 'PATCH', json: { name: 'renamed' } })).status).toBe(200);
    const after = await api.json(`/api/v1/runs/${run.id}`);
    expect(after.body.name).toBe('renamed');
    expect(after.headers.get(CACHE_HEADER)).toBe('miss');
  });

  it('keeps errors and non-read routes out of the cache', async () => {
    await api.request('/api/v1/runs/ffffffff-0000-0000-0000-000000000000');
    const again = await api.request('/api/v1/runs/ffffffff-0000-0000-0000-000000000000');
    expect(again.status).toBe(404);
    expect(again.headers.get(CACHE_HEADER)).toBe('miss');
    await api.request('/api/v1/health');
    expect((await api.request('/api/v1/health')).headers.get(CACHE_HEADER)).toBeNull();
  });
});

describe('response cache lifetime (SQLite)', () => {
  const api = useServer('sqlite', { responseCacheMs: 1_000 });

  it('expires an entry after responseCacheMs even without a write (liveness and the clock move on)', async () => {
    await api.request('/api/v1/projects');
    expect((await api.request('/api/v1/projects')).headers.get(CACHE_HEADER)).toBe('hit');
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect((await api.request('/api/v1/projects')).headers.get(CACHE_HEADER)).toBe('miss');
  });
});

describe('response cache off', () => {
  const sqlite = useServer('sqlite', { responseCacheMs: 0 });
  const postgres = useServer('postgres');

  it('is never used with responseCacheMs 0, nor on PostgreSQL (no synchronous change check there)', async () => {
    for (const api of [sqlite, postgres]) {
      await api.request('/api/v1/runs');
      const again = await api.request('/api/v1/runs');
      expect(again.status).toBe(200);
      expect(again.headers.get(CACHE_HEADER)).toBeNull();
    }
  });
});

describe('the cache header and project-scoped callers (SQLite)', () => {
  const api = useServer('sqlite', { auth: 'tokens', responseCacheMs: 60_000 });
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(api.server.database, 'cache-header');
  });
  const get = (token: string, path: string) => api.request(path, { headers: { authorization: `Bearer ${token}` } });

  it('tells only callers of every project whether a read came from the cache: to a scoped one, a miss would betray writes elsewhere', async () => {
    const path = '/api/v1/runs?limit=5';
    // The scoped caller's own answers are cached too (the second is served from memory), but it is never told so.
    for (let i = 0; i < 3; i++) expect((await get(w.tokens.viewer, path)).headers.get(CACHE_HEADER)).toBeNull();
    // A write in another project: the next answer is computed again, and the scoped caller cannot tell.
    await api.server.database.runs.createRun({ name: 'beta-write', projectId: 'beta' });
    const after = await get(w.tokens.viewer, path);
    expect(after.status).toBe(200);
    expect(after.headers.get(CACHE_HEADER)).toBeNull();
    // A caller of every project is told.
    expect((await get(w.tokens.admin, path)).headers.get(CACHE_HEADER)).toBe('miss');
    expect((await get(w.tokens.admin, path)).headers.get(CACHE_HEADER)).toBe('hit');
  });
});
