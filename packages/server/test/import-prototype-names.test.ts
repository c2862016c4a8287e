import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

// Item ids and metric names are data: a run whose items or metrics are named "__proto__", "constructor", … exported
// from the API (JSON or JSONL) must import back through POST /api/v1/imports as the same run. The JSONL reader lost
// the "__proto__" item (it set the prototype of `results`), and the upload refused every "__proto__" key, ids included.
// A "__proto__" key inside a stored value (metadata, config) is still refused: import-upload.test.ts.
const NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString'];

/** A Python-format export: one result per name (scored by every metric, with reasons), and an error named valueOf. */
function exportText(): string {
  const entry = (i: number) =>
    `{"output":"out ${i}","scores":{${NAMES.map((m, j) => `"${m}":${j / 10}`).join(',')}},"success":true,"time":0.25,` +
    `"reasons":{${NAMES.map((m) => `"${m}":"why ${m}"`).join(',')}}}`;
  // Written as text: an object literal or JSON.stringify of one cannot hold an own "__proto__" key as written.
  return (
    `{"dataset_name":"d","run_name":"prototype names","start_time":"2026-04-01T08:00:00Z","end_time":"2026-04-01T08:00:05Z",` +
    `"duration":5,"total_items":${NAMES.length + 1},"success_rate":0.8,"metrics":${JSON.stringify(NAMES)},` +
    // Each metric scores every item alike (j / 10): its statistics, as the items give them.
    `"metric_stats":{${NAMES.map((m, j) => `"${m}":{"mean":${j / 10},"std":0,"min":${j / 10},"max":${j / 10},"success_rate":1}`).join(',')}},` +
    `"results":{${NAMES.map((id, i) => `"${id}":${entry(i)}`).join(',')}},"errors":{"valueOf":"TimeoutError: too slow"}}`
  );
}

const upload = (api: TestServer, body: string, contentType: string) =>
  api.json('/api/v1/imports?allowDuplicate=true', { method: 'POST', body, headers: { 'content-type': contentType } });

/** A stored run's items as the comparison needs them: id, status, scores and reasons (own keys, sorted: PostgreSQL's jsonb orders keys its way). */
async function itemsOf(api: TestServer, runId: string) {
  const { items } = await api.server.database.runs.listItems(runId, { limit: 100 });
  return items.map((item) => ({
    id: item.itemId,
    status: item.status,
    scores: Object.entries(item.scores ?? {}).sort(),
    reasons: Object.entries((item.metadata as { metric_reasons?: object } | null)?.metric_reasons ?? {}).sort(),
  }));
}

describe.each(DATABASE_KINDS)('importing items and metrics named like Object.prototype members on %s', (kind) => {
  const api = useServer(kind);

  it('stores every item, score and reason of the JSON export, and its JSON and JSONL exports import back the same', async () => {
    const first = await upload(api, exportText(), 'application/json');
    expect([first.status, first.body.error]).toEqual([201, undefined]);
    expect(first.body.warnings).toEqual([]);
    const expected = await itemsOf(api, first.body.runId);
    expect(expected.map((item) => item.id).sort()).toEqual([...NAMES, 'valueOf'].sort());
    for (const item of expected.filter((i) => i.status === 'completed')) {
      expect(item.scores).toEqual(NAMES.map((m, j) => [m, j / 10]).sort());
      expect(item.reasons).toEqual(NAMES.map((m) => [m, `why ${m}`]).sort());
    }
    for (const [format, type] of [['json', 'application/json'], ['jsonl', 'application/x-ndjson']] as const) {
      const text = await (await api.request(`/api/v1/runs/${first.body.runId}/export?format=${format}`)).text();
      const head = JSON.parse(format === 'json' ? text : text.slice(0, text.indexOf('\n')));
      expect(Object.keys(head.metric_stats).sort()).toEqual([...NAMES].sort());
      const again = await upload(api, text, type);
      expect([format, again.status, again.body.error]).toEqual([format, 201, undefined]);
      expect(again.body.run.totalItems).toBe(NAMES.length + 1);
      expect(await itemsOf(api, again.body.runId)).toEqual(expected);
      expect(again.body.run.metricsUsed).toEqual(NAMES);
    }
  });
});
