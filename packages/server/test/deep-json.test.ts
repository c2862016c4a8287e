import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

/** JSON text of an object nested `depth` levels ({"b":{"b":…1…}}), built as text: any depth, no recursion. */
const nested = (depth: number) => `${'{"b":'.repeat(depth - 1)}{"b":1}${'}'.repeat(depth - 1)}`;

const post = (api: TestServer, path: string, body: string, contentType = 'application/json') =>
  api.json(`/api/v1${path}`, { method: 'POST', body, headers: { 'content-type': contentType } });

const runCount = async (api: TestServer) => (await api.server.database.runs.listRuns({ limit: 1 })).total;

// SQLite's JSON functions stop at 1,000 levels, so a deeper run config failed its insert ("malformed JSON"), and a much
// deeper one overflowed JSON.stringify's stack on either database: both were 500s. PostgreSQL stored 1,001 levels,
// which an export of the run could then never bring into SQLite.
describe.each(DATABASE_KINDS)('JSON nested too deep to store, on %s', (kind) => {
  const api = useServer(kind);

  it('creates a run whose config nests 500 levels, and refuses 501, 1,001 and 100,000 levels with a 400 naming the field', async () => {
    const ok = await post(api, '/runs', `{"name":"deep-ok","config":${nested(500)}}`);
    expect(ok.status).toBe(201);
    const before = await runCount(api);
    for (const [field, depth] of [
      ['config', 501],
      ['environment', 1001],
      ['metricConfigs', 100_000],
    ] as const) {
      const res = await post(api, '/runs', `{"name":"deep-${depth}","${field}":${nested(depth)}}`);
      expect({ depth, status: res.status, code: res.body.error?.code, field: res.body.error?.details.field }).toEqual({
        depth,
        status: 400,
        code: 'invalid_request',
        field: `body.${field}`,
      });
      expect(res.body.error.message).toMatch(/more than 500 levels deep.*flatten it/);
    }
    expect(await runCount(api)).toBe(before);
  });

  it('rejects an item whose input nests 5,000 levels alone, naming the limit, and stores the others', async () => {
    const run = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'deep-items' } });
    const body = `{"items":[{"itemId":"deep","input":${nested(5000)}},{"itemId":"flat","input":${nested(500)}}]}`;
    const res = await post(api, `/runs/${run.body.id}/items`, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stored: 1, alreadyStored: [] });
    expect(res.body.rejected).toEqual([
      { itemId: 'deep', index: 0, field: 'input', reason: expect.stringMatching(/^Item 0 field "input": nests .*more than 500 levels deep.*This item was not stored\.$/) },
    ]);
  });

  it('answers a too deep run config with the whole error shape: the message, the field and the one issue', async () => {
    const res = await post(api, '/runs', `{"name":"deep-shape","config":{"ok":1},"environment":${nested(501)}}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: 'invalid_request',
        message: 'Invalid body.environment: nests arrays or objects more than 500 levels deep, more than can be stored; flatten it',
        details: {
          field: 'body.environment',
          issues: [{ field: 'body.environment', message: 'nests arrays or objects more than 500 levels deep, more than can be stored; flatten it' }],
        },
      },
    });
  });

  it('refuses a number out of range before a value nested too deep, wherever each is in the body', async () => {
    const res = await post(api, '/runs', `{"name":"deep-and-huge","config":${nested(600)},"environment":{"x":1e400}}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('body.environment.x');
    expect(res.body.error.message).toMatch(/out of range/);
  });

  it('counts the levels of an array, and of an item metadata, the same way', async () => {
    const arrays = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const ok = await post(api, '/runs', `{"name":"deep-arrays","metricConfigs":{"m":${arrays(499)}}}`);
    expect(ok.status).toBe(201);
    const refused = await post(api, '/runs', `{"name":"deep-arrays","metricConfigs":{"m":${arrays(500)}}}`);
    expect({ status: refused.status, field: refused.body.error?.details.field }).toEqual({ status: 400, field: 'body.metricConfigs' });

    const run = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'deep-metadata' } });
    const items = [
      `{"itemId":"m-ok","metadata":{"a":${arrays(499)}}}`,
      `{"itemId":"m-deep","metadata":{"a":${arrays(500)}}}`,
      `{"itemId":"in-ok","input":${arrays(500)}}`,
      `{"itemId":"in-deep","input":${arrays(501)}}`,
      `{"itemId":"huge-and-deep","input":${arrays(600)},"scores":{"m":1e400}}`,
    ];
    const res = await post(api, `/runs/${run.body.id}/items`, `{"items":[${items.join(',')}]}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stored: 2, alreadyStored: [] });
    const deep = 'nests arrays or objects more than 500 levels deep, more than can be stored; flatten it';
    expect(res.body.rejected).toEqual([
      { itemId: 'm-deep', index: 1, field: 'metadata', reason: `Item 1 field "metadata": ${deep}. This item was not stored.` },
      { itemId: 'in-deep', index: 3, field: 'input', reason: `Item 3 field "input": ${deep}. This item was not stored.` },
      { itemId: 'huge-and-deep', index: 4, field: 'scores.m', reason: expect.stringMatching(/^Invalid items\.4\.scores\.m: the number is out of range.*This item was not stored\.$/) },
    ]);
  });

  it('refuses an uploaded export whose run config nests 1,200 levels with a 400 naming where, and stores nothing', async () => {
    const exported = {
      run_name: 'deep-import',
      dataset_name: 'd',
      start_time: '2026-04-01T08:00:00Z',
      end_time: '2026-04-01T08:00:05Z',
      total_items: 0,
      success_rate: 0,
      metrics: [],
      metric_stats: {},
      results: {},
      errors: {},
      llm_eval: { format: 'llm-eval.export', version: 1, status: 'completed', config: '@CONFIG@', item_order: [], failures: {} },
    };
    // Its llm_eval.config is stored as the run's config: it may nest 500 levels, as a config sent to POST /runs may.
    const atLimit = await post(api, '/imports', JSON.stringify({ ...exported, run_name: 'deep-import-ok' }).replace('"@CONFIG@"', nested(500)));
    expect(atLimit.status).toBe(201);
    const justOver = await post(api, '/imports', JSON.stringify(exported).replace('"@CONFIG@"', nested(501)));
    expect({ status: justOver.status, field: justOver.body.error?.details.field }).toEqual({
      status: 400,
      field: expect.stringMatching(/^export\.llm_eval\.config\.b\.b\..*\.b$/),
    });
    const before = await runCount(api);
    const res = await post(api, '/imports', JSON.stringify(exported).replace('"@CONFIG@"', nested(1200)));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/^The uploaded export cannot be imported: field "llm_eval\.config" \(at llm_eval\.config\.b.*\): nests .* more than 500 levels deep.*Nothing was stored\.$/),
      details: { field: expect.stringMatching(/^export\.llm_eval\.config\.b/) },
    });
    expect(await runCount(api)).toBe(before);
  });
});
