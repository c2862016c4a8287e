import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

// A metric may be named "__proto__" or "constructor" (README: such names import like any other). Its scores were
// lost where they became objects: z.record left "__proto__" out of an item's JSON and of a compared item's deltas,
// the comparison's `deltas[name] = …` set a prototype (so its item counts ignored the metric), and a batch giving such
// a score was refused whole. Bodies are written as text: JSON.stringify of an object literal cannot hold "__proto__".
const ITEMS = 6;

/** Scores of item i as JSON text: "__proto__" passes in run A and fails in run B. */
const scoresText = (i: number, proto: number) => `{"__proto__":${proto},"constructor":${i % 2 === 0},"fuzzy_match":0.5}`;

async function ingestRun(api: TestServer, name: string, proto: number): Promise<string> {
  const created = await api.json('/api/v1/runs', { method: 'POST', json: { name, metricsUsed: ['__proto__', 'constructor', 'fuzzy_match'] } });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const items = Array.from({ length: ITEMS }, (_, i) => `{"itemId":"item-${i}","actualOutput":"a","scores":${scoresText(i, proto)}}`);
  const appended = await api.json(`/api/v1/runs/${id}/items`, {
    method: 'POST',
    body: `{"items":[${items.join(',')}]}`,
    headers: { 'content-type': 'application/json' },
  });
  expect([appended.status, appended.body.rejected, appended.body.stored]).toEqual([200, [], ITEMS]);
  const finished = await api.json(`/api/v1/runs/${id}/finish`, { method: 'POST', json: {} });
  expect(finished.status).toBe(200);
  return id;
}

describe.each(DATABASE_KINDS)('metrics named "__proto__" and "constructor" over the API on %s', (kind) => {
  const api = useServer(kind);
  let a = '';
  let b = '';

  beforeAll(async () => {
    a = await ingestRun(api, 'proto A', 1);
    b = await ingestRun(api, 'proto B', 0);
  });

  it('stores a batch scoring them and sends every score back as an own key of the item', async () => {
    const res = await api.request(`/api/v1/runs/${a}/items?limit=2`);
    const text = await res.text();
    expect([res.status, res.status === 200 ? '' : text]).toEqual([200, '']);
    const { items } = JSON.parse(text) as { items: Array<{ itemId: string; scores: Record<string, unknown> }> };
    expect(items.map((item) => item.itemId)).toEqual(['item-0', 'item-1']);
    expect(Object.entries(items[0]!.scores).sort()).toEqual([['__proto__', 1], ['constructor', true], ['fuzzy_match', 0.5]]);
    expect(Object.entries(items[1]!.scores).sort()).toEqual([['__proto__', 1], ['constructor', false], ['fuzzy_match', 0.5]]);
    // The structured filters answer the same items.
    const filtered = await api.json(`/api/v1/runs/${a}/items?limit=1&sort=sequenceNumber`);
    expect(Object.keys(filtered.body.items[0].scores).sort()).toEqual(['__proto__', 'constructor', 'fuzzy_match']);
  });

  it('still refuses a "__proto__" key inside an item value, and anywhere but as a score name', async () => {
    const inMetadata = await api.json(`/api/v1/runs/${a}/items`, {
      method: 'POST',
      body: '{"items":[{"itemId":"x","metadata":{"__proto__":{"polluted":true}}}]}',
      headers: { 'content-type': 'application/json' },
    });
    expect([inMetadata.status, inMetadata.body.error.details.field]).toEqual([400, 'body.items.0.metadata.__proto__']);
    const inScoreValue = await api.json(`/api/v1/runs/${a}/items`, {
      method: 'POST',
      body: '{"items":[{"itemId":"x","scores":{"__proto__":{"error":"e","__proto__":{}}}}]}',
      headers: { 'content-type': 'application/json' },
    });
    expect([inScoreValue.status, inScoreValue.body.error.details.field]).toEqual([400, 'body.items.0.scores.__proto__.__proto__']);
  });

  it('compares the runs item by item on a primary metric named "__proto__", as its metric verdict does', async () => {
    const res = await api.request(`/api/v1/compare?a=${a}&b=${b}&primaryMetric=__proto__`);
    expect(res.status).toBe(200);
    const body = JSON.parse(await res.text());
    expect(body.metrics.find((m: { metric: string }) => m.metric === '__proto__')).toMatchObject({ pairs: ITEMS });
    expect(body.items.primaryMetric).toBe('__proto__');
    expect(body.items.counts).toMatchObject({ improved: 0, regressed: ITEMS, unchanged: 0, withoutScore: 0 });
    expect(body.items.regressed).toHaveLength(ITEMS);
    expect(Object.entries(body.items.regressed[0].deltas).sort()).toEqual([['__proto__', -1], ['constructor', 0], ['fuzzy_match', 0]]);
    expect(body.items.regressed[0].change).toBe(-1);
  });
});
