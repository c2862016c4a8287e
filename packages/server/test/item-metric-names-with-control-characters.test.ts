import { DATABASE_KINDS, useServer } from './server-harness';

// A metric name holding a control character (NUL) is no metric name: GET items refuses it with a 400 naming the
// parameter, as GET /trends does, instead of handing it to a JSON path (SQLite: "bad JSON path"; PostgreSQL refuses NUL).
describe.each(DATABASE_KINDS)('item metric names with control characters on %s', (kind) => {
  const api = useServer(kind);
  let runId = '';
  let plainRunId = '';

  beforeAll(async () => {
    const run = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'nul-metric', metricsUsed: ['a\u0000b', 'ok'] } });
    expect(run.status).toBe(201);
    runId = run.body.id;
    const items = await api.json(`/api/v1/runs/${runId}/items`, {
      method: 'POST',
      json: { items: [{ itemId: 'one', scores: { 'a\u0000b': 1, ok: 1 } }] },
    });
    expect(items.status).toBeLessThan(300);
    const plain = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'plain-metric', metricsUsed: ['ok'] } });
    plainRunId = plain.body.id;
    await api.json(`/api/v1/runs/${plainRunId}/items`, { method: 'POST', json: { items: [{ itemId: 'one', scores: { ok: 1 } }] } });
  });

  it.each([
    ['metric=a%00b&minScore=0.5', 'metric'],
    ['metric=a%01b', 'metric'],
    ['metric=a%0Ab&maxScore=1', 'metric'],
  ])('refuses %s with a 400 naming %s', async (query, parameter) => {
    const res = await api.json(`/api/v1/runs/${runId}/items?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain(parameter);
    expect(res.body.error.message).toContain('control characters');
  });

  // A q that cannot be understood is a 422 with the position (the route's contract for q), here at the control character.
  it.each([
    ['"a\u0000b" above 0.5', 2],
    ['ok above 0.5 or "a\u0000b" below 1', 18],
  ])('refuses the item query %j at character %d, never a database error', async (q, position) => {
    const res = await api.json(`/api/v1/runs/${runId}/items?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_query');
    expect(res.body.error.message).toContain('metric names hold no control characters');
    expect(res.body.error.details.position).toBe(position);
  });

  it('still reads a control character outside quotes as a space', async () => {
    const res = await api.json(`/api/v1/runs/${plainRunId}/items?q=${encodeURIComponent('ok\u0000above 0.5')}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => i.itemId)).toEqual(['one']);
  });

  it('still filters by a plain metric name', async () => {
    const res = await api.json(`/api/v1/runs/${plainRunId}/items?metric=ok&minScore=0.5`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => i.itemId)).toEqual(['one']);
  });
});
