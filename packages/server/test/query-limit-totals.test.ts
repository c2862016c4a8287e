import { DATABASE_KINDS, useServer } from './server-harness';

// "latest 3" and "slowest 2" return at most 3 and 2, whatever matches: the total a page reports is what the query can
// return, not every match.
describe.each(DATABASE_KINDS)("a query's own limit in the total on %s", (kind) => {
  const api = useServer(kind);
  let runId = '';

  beforeAll(async () => {
    for (const name of ['r1', 'r2', 'r3', 'r4', 'r5']) {
      const run = await api.json('/api/v1/runs', { method: 'POST', json: { name } });
      runId = run.body.id;
      const items = Array.from({ length: 6 }, (_, i) => ({ itemId: `i${i}`, responseTime: i + 1 }));
      expect((await api.json(`/api/v1/runs/${runId}/items`, { method: 'POST', json: { items } })).status).toBe(200);
      expect((await api.json(`/api/v1/runs/${runId}/finish`, { method: 'POST', json: {} })).status).toBe(200);
    }
  });

  it('caps the runs total at the query limit, on every page', async () => {
    const first = await api.json(`/api/v1/runs?q=${encodeURIComponent('latest 3')}&limit=2`);
    expect({ status: first.status, served: first.body.runs.length, total: first.body.total }).toEqual({ status: 200, served: 2, total: 3 });
    const next = await api.json(`/api/v1/runs?q=${encodeURIComponent('latest 3')}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect({ served: next.body.runs.length, total: next.body.total, nextCursor: next.body.nextCursor }).toEqual({ served: 1, total: 3, nextCursor: null });
    expect((await api.json('/api/v1/runs')).body.total).toBe(5);
  });

  it('caps the items total at the query limit', async () => {
    const res = await api.json(`/api/v1/runs/${runId}/items?q=${encodeURIComponent('slowest 2')}&limit=50`);
    expect({ status: res.status, served: res.body.items.length, total: res.body.total }).toEqual({ status: 200, served: 2, total: 2 });
    expect((await api.json(`/api/v1/runs/${runId}/items?q=${encodeURIComponent('slowest 20')}`)).body.total).toBe(6);
  });
});
