import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

// A JSONL export cut at a line boundary (JSONL has no end marker) was stored as a smaller run, 201, without a word,
// though its run line said total_items 12. It is refused (400, nothing stored), as `llm-eval db migrate` refuses it; a
// Python export whose total_items disagrees is stored, with a warning in the response.
const upload = (api: TestServer, body: string, contentType: string) =>
  api.json('/api/v1/imports?allowDuplicate=true', { method: 'POST', body, headers: { 'content-type': contentType } });

/** A Python-format export of 12 items, every fourth failed. */
function pythonExport(totalItems: number): string {
  const ids = Array.from({ length: 12 }, (_, i) => `q${i}`);
  const results = Object.fromEntries(ids.filter((_, i) => i % 4).map((id) => [id, { output: id, scores: { exact_match: 1 }, success: true, time: 0.1 }]));
  const errors = Object.fromEntries(ids.filter((_, i) => i % 4 === 0).map((id) => [id, 'Error: x']));
  return JSON.stringify({
    dataset_name: 'd', run_name: 'twelve', start_time: '2026-04-01T08:00:00Z', end_time: '2026-04-01T08:00:12Z', duration: 12,
    total_items: totalItems, success_rate: 0.75, metrics: ['exact_match'], metric_stats: {}, results, errors,
  });
}

describe.each(DATABASE_KINDS)('importing an export with fewer items than its total_items on %s', (kind) => {
  const api = useServer(kind);
  const runCount = async () => (await api.server.database.runs.listRuns({ limit: 1 })).total;

  it('answers 400 for a cut JSONL export and an llm-eval JSON export with an item removed, and stores nothing', async () => {
    const stored = await upload(api, pythonExport(12), 'application/json');
    expect(stored.status).toBe(201);
    const jsonl = await (await api.request(`/api/v1/runs/${stored.body.runId}/export?format=jsonl`)).text();
    const json = JSON.parse(await (await api.request(`/api/v1/runs/${stored.body.runId}/export?format=json`)).text());
    delete json.results.q1;
    json.llm_eval.item_order = json.llm_eval.item_order.filter((id: string) => id !== 'q1');
    const before = await runCount();

    const cut = await upload(api, jsonl.split('\n').slice(0, 6).join('\n') + '\n', 'application/x-ndjson');
    expect([cut.status, cut.body.error.code, cut.body.error.details]).toEqual([400, 'invalid_request', { field: 'body', line: 1 }]);
    expect(cut.body.error.message).toContain(
      'the run line says total_items 12, but the file has 5 item lines: it is incomplete (cut short, as a partial copy or an ' +
        'interrupted download is), and importing it would store a run of 5 items.',
    );
    const edited = await upload(api, JSON.stringify(json), 'application/json');
    expect([edited.status, edited.body.error.code]).toEqual([400, 'invalid_request']);
    expect(edited.body.error.message).toContain('"total_items" is 12, but the export has 11 items (8 in "results", 3 in "errors"): items were removed from it');
    expect(await runCount()).toBe(before);

    expect((await upload(api, jsonl, 'application/x-ndjson')).status).toBe(201);
  });

  it('stores a Python export whose total_items disagrees with its items, and says so in the warnings', async () => {
    const res = await upload(api, pythonExport(13), 'application/json');
    expect(res.status).toBe(201);
    expect(res.body.run.totalItems).toBe(12);
    expect(res.body.warnings).toEqual([
      '"total_items" is 13, but the export has 12 items (9 in "results", 3 in "errors"): it is imported as a run of 12 items; if items are missing, import the complete file instead',
    ]);
  });
});
