import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

/** POST of a raw body (the text as sent, so numbers like 1e400 reach the server as written). */
const post = (api: TestServer, path: string, body: string, contentType = 'application/json') =>
  api.json(path, { method: 'POST', body, headers: { 'content-type': contentType } });

async function newRun(api: TestServer): Promise<string> {
  const res = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'refusals', metricsUsed: ['m'] } });
  expect(res.status).toBe(201);
  return res.body.id;
}

// Requests the server cannot take as they are get a 400 or 415 that names what is wrong and what to send instead:
// never a value silently changed, never a message about something else.
describe.each(DATABASE_KINDS)('requests refused with a precise message on %s', (kind) => {
  const api = useServer(kind);

  it('refuses a number out of a double\'s range (1e400) naming the field, instead of storing null', async () => {
    const runId = await newRun(api);
    const res = await post(api, '/api/v1/runs', '{"name":"huge-config","config":{"temperature":1e999}}');
    expect([res.status, res.body.error.code, res.body.error.details.field]).toEqual([400, 'invalid_request', 'body.config.temperature']);
    expect(res.body.error.message).toMatch(/body\.config\.temperature.*out of range/);
    expect((await api.json('/api/v1/runs?text=huge-config')).body.total).toBe(0);

    // In a batch of items, only the item holding the number is refused: the others of the batch are stored.
    const batch =
      '{"items":[{"itemId":"a","scores":{"m":1e400}},{"itemId":"ok","scores":{"m":0.5}},' +
      '{"itemId":"b","scores":{"m":1},"metadata":{"tokens":[1,-1e400]}},{"itemId":"c","responseTime":1e400}]}';
    const appended = await post(api, `/api/v1/runs/${runId}/items`, batch);
    expect(appended.status).toBe(200);
    expect(appended.body.stored).toBe(1);
    expect(appended.body.rejected.map((r: { itemId: string; index: number; field: string | null }) => [r.itemId, r.index, r.field])).toEqual([
      ['a', 0, 'scores.m'],
      ['b', 2, 'metadata.tokens.1'],
      ['c', 3, 'responseTime'],
    ]);
    for (const r of appended.body.rejected) expect(r.reason).toMatch(/items\.\d+\..*out of range.*This item was not stored/);
    const stored = await api.server.database.runs.listItems(runId, { limit: 10 });
    expect(stored.items.map((i: { itemId: string }) => i.itemId)).toEqual(['ok']);
    // A number out of range outside the items still refuses the whole request.
    const outside = await post(api, `/api/v1/runs/${runId}/items`, '{"items":[{"itemId":"d","scores":{"m":1}}],"extra":1e400}');
    expect([outside.status, outside.body.error.details.field]).toEqual([400, 'body.extra']);

    // An uploaded export likewise (the file is the body there): refused whole, with where the number is.
    const runLine = { type: 'run', run_name: 'huge-export', dataset_name: 'd', start_time: '2026-04-01T08:00:00Z', metrics: ['m'] };
    const itemLine = '{"type":"item","id":"q1","success":true,"output":"o","scores":{"m":1},"metadata":{"x":1e400}}';
    const upload = await post(api, '/api/v1/imports', `${JSON.stringify(runLine)}\n${itemLine}\n`, 'application/x-ndjson');
    expect([upload.status, upload.body.error.details.field]).toEqual([400, 'export.results.q1.metadata.x']);
    expect(upload.body.error.message).toMatch(/out of range.*Nothing was stored/);
    expect((await api.json('/api/v1/runs?text=huge-export')).body.total).toBe(0);
  });

  it('refuses a __proto__ key naming where it is, and keeps an ordinary "constructor" key as data', async () => {
    const res = await post(api, '/api/v1/runs', '{"name":"proto","config":{"__proto__":{"polluted":true}}}');
    expect([res.status, res.body.error.code, res.body.error.details.field]).toEqual([400, 'invalid_request', 'body.config.__proto__']);
    expect(res.body.error.message).toMatch(/"__proto__" is refused.*Rename the key/);
    expect(res.body.error.message).not.toMatch(/not valid JSON/);
    // The same key spelled with a JSON escape is the same key.
    const escaped = await post(api, '/api/v1/runs', '{"name":"proto","config":{"\\u005f_proto__":{}}}');
    expect(escaped.body.error.details.field).toBe('body.config.__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const plain = await post(api, '/api/v1/runs', '{"name":"constructor-key","config":{"constructor":"a value like any other"}}');
    expect(plain.status).toBe(201);
    expect(plain.body.config).toEqual({ constructor: 'a value like any other' });
  });

  it('answers a body that is not JSON with 415 naming the content type to use', async () => {
    const runId = await newRun(api);
    for (const [path, method] of [['/api/v1/runs', 'POST'], [`/api/v1/runs/${runId}`, 'PATCH'], [`/api/v1/runs/${runId}/items`, 'POST']] as const) {
      const res = await api.json(path, { method, body: '{"name":"x"}', headers: { 'content-type': 'text/plain' } });
      expect([res.status, res.body.error.code]).toEqual([415, 'unsupported_media_type']);
      expect(res.body.error.message).toContain('"text/plain"');
      expect(res.body.error.message).toContain('Content-Type application/json');
      expect(res.body.error.details).toEqual({ contentType: 'text/plain', accepted: ['application/json'] });
    }
  });

  it('says a query parameter was given twice instead of speaking of NaN or a list', async () => {
    const runId = await newRun(api);
    for (const path of ['/api/v1/runs?limit=5&limit=6', `/api/v1/runs/${runId}/items?limit=5&limit=6`]) {
      const res = await api.json(path);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'invalid_request',
        message: 'Query parameter "limit" is given 2 times; give it once.',
        details: { field: 'querystring.limit' },
      });
    }
    const q = await api.json('/api/v1/runs?q=a&q=b&q=c');
    expect(q.body.error.message).toBe('Query parameter "q" is given 3 times; give it once.');
    // A list parameter may be repeated: that is how lists are sent.
    expect((await api.json('/api/v1/runs?tag=a&tag=b')).status).toBe(200);
  });

  it('says the body limit in a 413: the default 16 MiB', async () => {
    const res = await post(api, '/api/v1/runs', JSON.stringify({ name: 'too-big', description: 'x'.repeat(17 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({ code: 'payload_too_large', message: 'The request body is larger than this server accepts (16 MiB).', details: {} });
  });
});
