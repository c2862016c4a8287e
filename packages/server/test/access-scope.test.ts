import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';
import { seedWorld, type World } from './access-world';

/** A JSON request with a bearer token. */
function as(api: TestServer, token: string) {
  return <T = any>(path: string, init: RequestInit & { json?: unknown } = {}) =>
    api.json<T>(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } });
}

describe.each(DATABASE_KINDS)('project scope of lists, searches and totals on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens', responseCacheMs: 60_000 });
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(api.server.database, `scope-${kind}`);
  });

  it('lists and counts only the runs of the caller\'s projects; runs without a project only for every-project callers', async () => {
    const other = await as(api, w.tokens.other)('/api/v1/runs?limit=1000');
    expect(other.status).toBe(200);
    expect(other.body.runs.map((r: { id: string }) => r.id)).toEqual([w.beta.id]);
    expect(other.body.total).toBe(1);
    expect(other.body.explanation).not.toContain('beta');

    const viewer = await as(api, w.tokens.viewer)('/api/v1/runs?limit=1000');
    expect(new Set(viewer.body.runs.map((r: { projectId: string }) => r.projectId))).toEqual(new Set(['alpha']));
    expect(viewer.body.total).toBe(viewer.body.runs.length);
    expect(viewer.body.runs.map((r: { id: string }) => r.id)).not.toContain(w.loose.id);

    const admin = await as(api, w.tokens.admin)('/api/v1/runs?limit=1000');
    expect(admin.body.runs.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([w.alpha.id, w.beta.id, w.loose.id]));
  });

  it('pages within the scope: cursors and totals of a scoped caller count its runs only', async () => {
    const first = await as(api, w.tokens.viewer)('/api/v1/runs?limit=1');
    expect(first.body.total).toBeGreaterThanOrEqual(2);
    const second = await as(api, w.tokens.viewer)(`/api/v1/runs?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.total).toBe(first.body.total);
    expect(second.body.runs[0].projectId).toBe('alpha');
  });

  it('a filter or a search naming another project\'s runs finds nothing, exactly as for runs that do not exist', async () => {
    const call = as(api, w.tokens.other);
    for (const query of [`project=alpha`, `text=${encodeURIComponent(w.alpha.name)}`, `q=${encodeURIComponent(`"${w.alpha.name}"`)}`]) {
      const res = await call(`/api/v1/runs?${query}`);
      expect({ query, status: res.status, total: res.body.total, runs: res.body.runs }).toEqual({ query, status: 200, total: 0, runs: [] });
    }
  });

  it("words of a query mean only what the caller's own runs hold (another project's model and tag names are not vocabulary)", async () => {
    const call = as(api, w.tokens.other);
    const normal = (body: unknown, word: string) => JSON.stringify(body).split(word).join('<word>');
    for (const [known, unknown] of [
      [`model-of-${w.alpha.name}`, `model-of-nothing-${kind}`],
      [`tag-of-${w.alpha.name}`, `tag-of-nothing-${kind}`],
    ] as const) {
      const a = await call(`/api/v1/runs?q=${encodeURIComponent(`${known} runs`)}`);
      const b = await call(`/api/v1/runs?q=${encodeURIComponent(`${unknown} runs`)}`);
      expect(a.status).toBe(b.status);
      expect(normal(a.body, known)).toBe(normal(b.body, unknown));
    }
    // The admin's vocabulary holds alpha's model name: the same query reads differently there.
    const admin = await as(api, w.tokens.admin)(`/api/v1/runs?q=${encodeURIComponent(`model-of-${w.alpha.name} runs`)}`);
    expect(admin.body.runs.map((r: { id: string }) => r.id)).toEqual([w.alpha.id]);
  });

  it('resolves latest within the scope', async () => {
    const res = await as(api, w.tokens.other)('/api/v1/runs/latest');
    expect(res.body.id).toBe(w.beta.id);
  });

  it("trends and projects count only the caller's runs; health leaves out what describes every project", async () => {
    const trendOther = await as(api, w.tokens.other)('/api/v1/trends?metric=f1&since=2000-01-01');
    const trendAdmin = await as(api, w.tokens.admin)('/api/v1/trends?metric=f1&since=2000-01-01');
    const runs = (t: { points: Array<{ runs: number }> }) => t.points.reduce((n, p) => n + p.runs, 0);
    expect(runs(trendOther.body)).toBe(1);
    expect(runs(trendAdmin.body)).toBe(4);
    // A typo's hint names only metrics of the caller's runs: another project's metric name is not told.
    await api.server.database.runs.importRun(
      { name: `metric-only-in-alpha-${kind}`, status: 'completed', metricsUsed: ['alpha_private_score'], projectId: 'alpha' },
      [{ itemId: 'a', status: 'completed', scores: { alpha_private_score: 1 } }],
    );
    const typoOther = await as(api, w.tokens.other)('/api/v1/trends?metric=alpha_private_scor');
    const typoAdmin = await as(api, w.tokens.admin)('/api/v1/trends?metric=alpha_private_scor');
    expect(typoOther.body.warnings).toEqual(['no run has the metric "alpha_private_scor"']);
    expect(typoAdmin.body.warnings).toEqual(['no run has the metric "alpha_private_scor"; did you mean "alpha_private_score"?']);

    const projects = await as(api, w.tokens.other)('/api/v1/projects');
    expect(projects.body.projects.map((p: { id: string }) => p.id)).toEqual(['beta']);
    const missing = await as(api, w.tokens.other)('/api/v1/projects/zeta');
    const foreign = await as(api, w.tokens.other)('/api/v1/projects/alpha');
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body).split('alpha').join('<p>')).toBe(JSON.stringify(missing.body).split('zeta').join('<p>'));

    const health = await as(api, w.tokens.other)('/api/v1/health');
    expect(health.body).toMatchObject({ ok: true, rowCounts: {}, latestRun: null, sizeBytes: null });
    const adminHealth = await as(api, w.tokens.admin)('/api/v1/health');
    expect(adminHealth.body.latestRun).not.toBeNull();
  });

  it('never serves a cached answer to a caller of another scope (a cached comparison included)', async () => {
    const path = `/api/v1/compare?a=${w.alpha.id}&b=${w.alpha2.id}`;
    const admin = as(api, w.tokens.admin);
    expect((await admin(path)).status).toBe(200);
    // The first answer stores the comparison (a write); the next one is kept, and the one after is served from memory.
    await admin(path);
    const again = await admin(path);
    expect(again.status).toBe(200);
    if (kind === 'sqlite') expect(again.headers.get('x-llm-eval-cache')).toBe('hit');
    const other = await as(api, w.tokens.other)(path);
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain(w.alpha.name);
    // The viewer of alpha sees both runs: served the comparison.
    expect((await as(api, w.tokens.viewer)(path)).status).toBe(200);

    const list = '/api/v1/runs?limit=7';
    await admin(list);
    const scoped = await as(api, w.tokens.other)(list);
    expect(scoped.body.runs.map((r: { id: string }) => r.id)).toEqual([w.beta.id]);
  });

  it('items of a foreign run, by query or by filters, answer as for a missing run', async () => {
    const call = as(api, w.tokens.other);
    for (const query of ['q=failed%20items', 'status=completed']) {
      const foreign = await call(`/api/v1/runs/${w.alpha.id}/items?${query}`);
      const missing = await call(`/api/v1/runs/00000000-0000-4000-8000-000000000000/items?${query}`);
      expect(foreign.status).toBe(404);
      expect(JSON.stringify(foreign.body).split(w.alpha.id).join('<id>')).toBe(
        JSON.stringify(missing.body).split('00000000-0000-4000-8000-000000000000').join('<id>'),
      );
    }
    // An id prefix matching a foreign run is not ambiguous for the scoped caller: that run is not there.
    const prefix = await call(`/api/v1/runs/${w.alpha.id.slice(0, 8)}`);
    expect(prefix.status).toBe(404);
  });
});
