import { MAX_JSON_DEPTH } from '@llm-eval/storage';
import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

/** An object nested `depth` levels ({"b":{"b":…1…}}), itself counted: built in a loop, no recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { b: 1 };
  for (let i = 1; i < depth; i++) value = { b: value };
  return value;
}

/** JSON text of an object nested `depth` levels: any depth, no recursion. */
const nestedText = (depth: number) => `${'{"b":'.repeat(depth - 1)}{"b":1}${'}'.repeat(depth - 1)}`;

const upload = (api: TestServer, body: string, format: 'json' | 'jsonl') =>
  api.json('/api/v1/imports?allowDuplicate=true', {
    method: 'POST',
    body,
    headers: { 'content-type': format === 'json' ? 'application/json' : 'application/x-ndjson' },
  });

const runCount = async (api: TestServer) => (await api.server.database.runs.listRuns({ limit: 1 })).total;

// The upload's depth check counted the whole file as the stored value: an item's metadata sits 3 levels down in an
// export (run → results → item → metadata), a failed item's 4, so an export of a run storage had kept with a value
// nested 500 levels deep (the deepest it stores) was refused on import. And a file nested 100,000 levels deep failed
// with "Maximum call stack size exceeded".
describe.each(DATABASE_KINDS)('importing an export that holds values nested as deep as storage keeps, on %s', (kind) => {
  const api = useServer(kind);

  it.each(['json', 'jsonl'] as const)('imports the %s export of a run whose values nest as deep as storage keeps, unchanged', async (format) => {
    const deepest = nested(MAX_JSON_DEPTH);
    const created = await api.json('/api/v1/runs', {
      method: 'POST',
      json: { name: `deep-round-trip-${format}`, config: deepest, environment: deepest, metricConfigs: deepest },
    });
    expect(created.status).toBe(201);
    const runId = created.body.id as string;
    const items = [
      { itemId: 'ok', input: deepest, metadata: deepest, scores: { m: 1 }, actualOutput: 'out' },
      { itemId: 'failed', status: 'failed', input: deepest, metadata: deepest, errorMessage: 'boom' },
      // Metric reasons are exported beside the metadata and folded back into it: 1 level under it.
      { itemId: 'reasons', input: 'x', metadata: { metric_reasons: { m: nested(MAX_JSON_DEPTH - 2) }, attempts: 2 }, scores: { m: 0 } },
    ];
    const appended = await api.json(`/api/v1/runs/${runId}/items`, { method: 'POST', json: { items } });
    expect(appended.body).toMatchObject({ stored: 3, rejected: [] });
    expect((await api.json(`/api/v1/runs/${runId}/finish`, { method: 'POST', json: {} })).status).toBe(200);

    const exported = await api.request(`/api/v1/runs/${runId}/export?format=${format}`);
    expect(exported.status).toBe(200);
    const imported = await upload(api, await exported.text(), format);
    expect({ status: imported.status, error: imported.body.error }).toEqual({ status: 201, error: undefined });

    const run = await api.server.database.runs.requireRun(imported.body.runId);
    expect(run.config).toMatchObject(deepest);
    expect(run.environment).toEqual(deepest);
    expect(run.metricConfigs).toEqual(deepest);
    const stored = (await api.server.database.runs.listItems(imported.body.runId, { limit: 10 })).items;
    const byId = Object.fromEntries(stored.map((item) => [item.itemId, item]));
    for (const id of ['ok', 'failed']) {
      expect(byId[id]!.input).toEqual(deepest);
      expect(byId[id]!.metadata).toEqual(deepest);
    }
    expect(byId.reasons!.metadata).toEqual(items[2]!.metadata);
  });

  it('refuses an export with an item metadata one level deeper than storage keeps, naming the item and field', async () => {
    const before = await runCount(api);
    const doc = {
      run_name: 'one-too-deep',
      start_time: '2026-04-01T08:00:00Z',
      results: { q1: { output: 'o', success: true, scores: {}, metadata: '@DEEP@' } },
      errors: {},
    };
    const res = await upload(api, JSON.stringify(doc).replace('"@DEEP@"', nestedText(MAX_JSON_DEPTH + 1)), 'json');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', details: { field: expect.stringMatching(/^export\.results\.q1\.metadata\.b\..*\.b$/) } });
    expect(res.body.error.message).toMatch(/^The uploaded export cannot be imported: .*item "q1", field "metadata".* more than 500 levels deep.*flatten it.*Nothing was stored\.$/);
    expect(await runCount(api)).toBe(before);
  });

  it.each(['json', 'jsonl'] as const)('refuses a %s file nested 100,000 levels deep with a 400 naming the depth limit, and keeps serving', async (format) => {
    const before = await runCount(api);
    const deep = nestedText(100_000);
    const body =
      format === 'json'
        ? `{"run_name":"very-deep","start_time":"2026-04-01T08:00:00Z","results":{"q1":{"output":"o","success":true,"scores":{},"metadata":${deep}}},"errors":{}}`
        : `{"type":"run","run_name":"very-deep","start_time":"2026-04-01T08:00:00Z"}\n{"type":"item","id":"q1","success":true,"output":"o","input":${deep}}\n`;
    const res = await upload(api, body, format);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(/more than 500 levels deep/);
    expect(res.body.error.message).not.toMatch(/call stack/i);
    expect(await runCount(api)).toBe(before);
    expect((await api.json('/api/v1/health')).status).toBe(200);
  });
});
