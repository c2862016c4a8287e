import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

/** POST of a raw body (the text as sent: JSON.stringify could not write a key twice). */
const post = (api: TestServer, path: string, body: string) => api.json(path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

/** Expects the 400 of a key given twice, at `path`. */
function expectDuplicate(label: string, res: { status: number; body: any }, path: string): void {
  expect([label, res.status, res.body?.error?.code, res.body?.error?.details]).toEqual([label, 400, 'invalid_request', { field: path }]);
  expect(res.body.error.message).toBe(
    `Invalid ${path}: the key is given more than once in the same object (JSON.parse would keep only the last value). Give each key once.`,
  );
}

// JSON.parse keeps the last of a repeated key without a word: `{"name":"ok","name":"dup"}` was a run named "dup".
// A body repeating a key in any object is refused with the key's path, and nothing is stored.
describe.each(DATABASE_KINDS)('JSON bodies giving a key twice, on %s', (kind) => {
  const api = useServer(kind);

  it('refuses POST /runs with "name" given twice, naming it, and creates no run', async () => {
    const name = `dup-name-${kind}`;
    expectDuplicate('top level', await post(api, '/api/v1/runs', `{"name":"ok-${kind}","name":"${name}","metricsUsed":["m"]}`), 'body.name');
    expect((await api.json(`/api/v1/runs?text=${name}`)).body.total).toBe(0);
    expect((await api.json(`/api/v1/runs?text=ok-${kind}`)).body.total).toBe(0);
  });

  it('names a repeated key at any depth, spelled alike or with an escape, spaced from its colon or not', async () => {
    const cases: Array<[string, string]> = [
      ['{"name":"n","config":{"model":{"temperature":0.1,"top_p":1,"temperature":0.9}}}', 'body.config.model.temperature'],
      ['{"name":"n","config":{"steps":[{"a":1},{"a":1,"b":2,"a":3}]}}', 'body.config.steps.1.a'],
      ['{"name":"n","config":{"\\u0061":1,"a":2}}', 'body.config.a'],
      ['{"name" : "n", "config" : {}, "name" : "m"}', 'body.name'],
      ['{\n  "name": "n",\n  "tags": ["x"],\n  "name": "m"\n}', 'body.name'],
      ['{"name":"n","config":{"s":"a \\" quote","s":"b"}}', 'body.config.s'],
    ];
    for (const [body, path] of cases) expectDuplicate(body, await post(api, '/api/v1/runs', body), path);
  });

  it('refuses a batch whose item repeats a key, naming the item, and stores none of it', async () => {
    const run = await api.json('/api/v1/runs', { method: 'POST', json: { name: `dup-batch-${kind}`, metricsUsed: ['m'] } });
    const batch = '{"items":[{"itemId":"a","scores":{"m":1}},{"itemId":"b","scores":{"m":1,"m":0}}]}';
    expectDuplicate('batch', await post(api, `/api/v1/runs/${run.body.id}/items`, batch), 'body.items.1.scores.m');
    const twice = '{"items":[{"itemId":"a"}],"items":[{"itemId":"b"}]}';
    expectDuplicate('items twice', await post(api, `/api/v1/runs/${run.body.id}/items`, twice), 'body.items');
    expect((await api.json(`/api/v1/runs/${run.body.id}/items`)).body.items).toEqual([]);
  });

  it('takes the same key in different objects, and strings that only look like keys', async () => {
    const body = JSON.stringify({
      name: `dup-free-${kind}`,
      metricsUsed: ['m'],
      // Keys repeated in sibling objects, and a value holding JSON text (`\":` in a string, as a key's end looks).
      config: { a: { x: 1 }, b: { x: 2 }, serialized: '{"x":1,"x":2}', quote: 'say \\":' },
    });
    const res = await post(api, '/api/v1/runs', body);
    expect(res.status).toBe(201);
    expect(res.body.config.serialized).toBe('{"x":1,"x":2}');
    const spaced = await post(api, '/api/v1/runs', `{ "name" : "dup-spaced-${kind}" , "metricsUsed" : [ "m" ] }`);
    expect(spaced.status).toBe(201);
  });

  it('refuses an uploaded export (POST /imports) that gives a key twice, in JSON or JSONL, and stores nothing', async () => {
    const name = `dup-import-${kind}`;
    const json = `{"run_name":"${name}","results":{"q":{"output":"x","scores":{"m":1},"scores":{"m":0}}}}`;
    const jsonl = [
      `{"type":"run","run_name":"${name}","results":{}}`,
      '{"type":"item","id":"q","success":true,"output":"x","scores":{"m":1,"m":0}}',
    ].join('\n');
    const cases: Array<[string, string, string, Record<string, unknown>]> = [
      [json, 'application/json', 'results.q.scores', { field: 'body' }],
      [jsonl, 'application/x-ndjson', 'scores.m', { field: 'body', line: 2 }],
    ];
    for (const [body, contentType, key, details] of cases) {
      const res = await api.json('/api/v1/imports', { method: 'POST', body, headers: { 'content-type': contentType } });
      expect([contentType, res.status, res.body?.error?.details]).toEqual([contentType, 400, details]);
      expect(res.body.error.message).toContain(`the key "${key}" is given more than once in the same object`);
      expect(res.body.error.message).toContain('Nothing was stored.');
    }
    expect((await api.json(`/api/v1/runs?text=${name}`)).body.total).toBe(0);
  });
});
