import { DATABASE_KINDS, useServer } from './server-harness';

// A run without items has no success rate (0 of 0 items says nothing), and an unfinished run no duration (its
// stored 0 is a placeholder): comparisons say null, and success-rate filters do not take a run without items.
describe.each(DATABASE_KINDS)('runs without items and unfinished runs on %s', (kind) => {
  const api = useServer(kind);
  let empty = '';
  let finished = '';
  let cancelled = '';

  const run = async (name: string, items: Array<Record<string, unknown>>, finish: boolean) => {
    const created = await api.json('/api/v1/runs', { method: 'POST', json: { name } });
    if (items.length) expect((await api.json(`/api/v1/runs/${created.body.id}/items`, { method: 'POST', json: { items } })).status).toBe(200);
    if (finish) expect((await api.json(`/api/v1/runs/${created.body.id}/finish`, { method: 'POST', json: {} })).status).toBe(200);
    return created.body.id as string;
  };

  beforeAll(async () => {
    empty = await run('empty', [], true);
    finished = await run('finished', [{ itemId: 'a' }, { itemId: 'b', status: 'failed', errorMessage: 'boom' }], true);
    cancelled = await run('cancelled', [{ itemId: 'a' }], false);
    expect((await api.json(`/api/v1/runs/${cancelled}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
  });

  it('compares a run without items with no success rate', async () => {
    const res = await api.json(`/api/v1/compare?a=${empty}&b=${finished}`);
    expect({ status: res.status, successRate: res.body.summary?.successRate }).toEqual({
      status: 200,
      successRate: { a: null, b: 0.5, absolute: null, relative: null },
    });
  });

  it('compares a run cancelled before it finished with no duration', async () => {
    const res = await api.json(`/api/v1/compare?a=${finished}&b=${cancelled}`);
    expect(res.status).toBe(200);
    expect(res.body.summary.durationSeconds).toEqual({ a: expect.any(Number), b: null, absolute: null, relative: null });
  });

  it('matches no run without items by a success-rate filter or query', async () => {
    const names = async (query: string) => {
      const res = await api.json(`/api/v1/runs?${query}`);
      expect(res.status).toBe(200);
      return { names: res.body.runs.map((r: { name: string }) => r.name).sort(), total: res.body.total };
    };
    expect(await names('maxSuccessRate=0.1')).toEqual({ names: [], total: 0 });
    expect(await names(`q=${encodeURIComponent('success rate below 10%')}`)).toEqual({ names: [], total: 0 });
    expect(await names(`q=${encodeURIComponent('success rate below 60%')}`)).toEqual({ names: ['finished'], total: 1 });
  });
});
