import { DATABASE_KINDS, useServer } from './server-harness';

// The query language reads orders of its own ("cheapest", "most tokens"): the page must say which order it was served
// in, rather than fail its own response schema (a 500).
describe.each(DATABASE_KINDS)('runs searched in an order only the query language names, on %s', (kind) => {
  const api = useServer(kind);

  it('are served with that order named in the response', async () => {
    for (const [name, cost, tokens] of [
      ['dear', 0.5, 300],
      ['cheap', 0.1, 100],
    ] as const) {
      const run = await api.json('/api/v1/runs', { method: 'POST', json: { name } });
      await api.json(`/api/v1/runs/${run.body.id}/items`, { method: 'POST', json: { items: [{ itemId: 'a', cost, tokensUsed: tokens }] } });
      expect((await api.json(`/api/v1/runs/${run.body.id}/finish`, { method: 'POST', json: {} })).status).toBe(200);
    }
    const cheapest = await api.json(`/api/v1/runs?q=${encodeURIComponent('cheapest runs')}`);
    expect({ status: cheapest.status, sort: cheapest.body.sort, names: cheapest.body.runs?.map((r: { name: string }) => r.name) }).toEqual({
      status: 200,
      sort: { field: 'totalCost', direction: 'asc' },
      names: ['cheap', 'dear'],
    });
  });
});
