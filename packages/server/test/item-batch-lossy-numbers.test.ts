import { DATABASE_KINDS, useServer } from './server-harness';

// POST /runs/:run/items stored an item's numbers that JSON.parse reads as another value (1e-400 as 0,
// 12345678901234567891 as 12345678901234567000) without a word. The batch's warnings name those of the items stored.
describe.each(DATABASE_KINDS)('a batch of items with numbers JSON cannot keep on %s', (kind) => {
  const api = useServer(kind);
  let runId = '';

  beforeAll(async () => {
    const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: `batch-lossy-${kind}`, metricsUsed: ['m'] } });
    runId = created.body.id;
    const first = await api.json(`/api/v1/runs/${runId}/items`, { method: 'POST', json: { items: [{ itemId: 'held' }] } });
    expect(first.body.stored).toBe(1);
  });

  it('names each number of a stored item by its path, and none of an item not stored', async () => {
    const body =
      '{"items":[' +
      '{"itemId":"a","input":{"seed":12345678901234567891},"scores":{"m":1e-400}},' +
      '{"itemId":"bad","status":"nope","metadata":{"x":1e-400}},' +
      '{"itemId":"held","metadata":{"x":1e-400}},' +
      '{"itemId":"b","metadata":{"ok":0.5,"s":"12345678901234567891","tiny":-1e-400}}]}';
    const res = await api.json(`/api/v1/runs/${runId}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    expect(res.body.stored).toBe(2);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1]);
    expect(res.body.alreadyStored.map((r: { index: number }) => r.index)).toEqual([2]);
    expect(res.body.warnings).toEqual([
      'body.items.0.input.seed is not stored as written: 12345678901234567891 reads as 12345678901234567000 (more digits than a 64-bit float keeps). ' +
        'The value read is stored; write such a number as a string (e.g. "12345678901234567891") to keep it as written',
      expect.stringMatching(/^body\.items\.0\.scores\.m is not stored as written: 1e-400 reads as 0 \(too small for a 64-bit float/),
      expect.stringMatching(/^body\.items\.3\.metadata\.tiny is not stored as written: -1e-400 reads as 0 /),
    ]);
    const { items } = await api.server.database.runs.listItems(runId, { limit: 10 });
    expect(items.find((i) => i.itemId === 'a')!.input).toEqual({ seed: 12345678901234567000 });
  });

  it('answers an empty warnings list when every number is kept', async () => {
    const res = await api.json(`/api/v1/runs/${runId}/items`, {
      method: 'POST',
      json: { items: [{ itemId: 'c', input: { n: 9007199254740991, t: 0.7, id: '12345678901234567891' }, scores: { m: 5e-324 } }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([]);
  });
});
