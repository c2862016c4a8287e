import { DATABASE_KINDS, useServer } from './server-harness';

// A score may be stored under any metric name (a NUL, a tab, a quote or a backslash in it): GET items filters by it,
// with ?metric= and in an item query. Both refused such names with a 400/422 while POST items stored them.
const NAMES = ['a\u0000b', 'a\tb', 'a\nb', 'a"b', 'a\\b', 'ok'];

describe.each(DATABASE_KINDS)('item metric names as stored on %s', (kind) => {
  const api = useServer(kind);
  let runId = '';

  beforeAll(async () => {
    const run = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'odd-metrics', metricsUsed: NAMES } });
    expect(run.status).toBe(201);
    runId = run.body.id;
    // Each item scores high on its own metric only.
    const items = await api.json(`/api/v1/runs/${runId}/items`, {
      method: 'POST',
      json: { items: NAMES.map((name, i) => ({ itemId: `item-${i}`, scores: Object.fromEntries(NAMES.map((n) => [n, n === name ? 1 : 0])) })) },
    });
    expect(items.status).toBeLessThan(300);
  });

  it.each(NAMES.map((name, i) => [JSON.stringify(name), name, i] as const))('?metric=%s&minScore=0.5 finds the item scored on it', async (_, name, i) => {
    const res = await api.json(`/api/v1/runs/${runId}/items?metric=${encodeURIComponent(name)}&minScore=0.5`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((item: any) => item.itemId)).toEqual([`item-${i}`]);
  });

  // In a query such a name is quoted, as typed (no escapes): in single quotes when it holds a double quote.
  const quoted = (name: string) => (name.includes('"') ? `'${name}'` : `"${name}"`);
  it.each(NAMES.map((name, i) => [JSON.stringify(name), name, i] as const))('the item query %s above 0.5 finds the item scored on it', async (_, name, i) => {
    const res = await api.json(`/api/v1/runs/${runId}/items?q=${encodeURIComponent(`${quoted(name)} above 0.5`)}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((item: any) => item.itemId)).toEqual([`item-${i}`]);
  });

  it('still reads a control character outside quotes as a space', async () => {
    const res = await api.json(`/api/v1/runs/${runId}/items?q=${encodeURIComponent('ok\u0000above 0.5')}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => i.itemId)).toEqual(['item-5']);
  });
});
