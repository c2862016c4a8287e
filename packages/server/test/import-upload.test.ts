import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

/** A Python LLM-Eval export: 4 results (one with a metric error) and 1 error. */
const PYTHON_EXPORT = readFileSync(path.join(__dirname, '../../evaluator/test/fixtures/python-export-sample.json'), 'utf8');

/** An llm-eval JSONL export: a run line, then one line per item. */
function jsonlExport(runName: string): string {
  const run = { type: 'run', run_name: runName, dataset_name: 'jsonl-set', start_time: '2026-04-01T08:00:00Z', end_time: '2026-04-01T08:00:05Z', metrics: ['exact_match'] };
  const items = [
    { type: 'item', id: 'a', success: true, input: 'What is 2+2?', expected: '4', output: '4', scores: { exact_match: 1 }, time: 0.25 },
    { type: 'item', id: 'b', success: true, input: 'Capital of France?', expected: 'Paris', output: 'Lyon', scores: { exact_match: 0 }, time: 0.5 },
    { type: 'item', id: 'c', success: false, input: 'hard', error: 'TimeoutError: too slow', error_type: 'TimeoutError', error_message: 'too slow', time: 30 },
  ];
  return [run, ...items].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

const upload = (api: TestServer, body: string, query = '', contentType = 'application/json') =>
  api.json(`/api/v1/imports${query}`, { method: 'POST', body, headers: { 'content-type': contentType } });

async function runCount(api: TestServer): Promise<number> {
  return (await api.server.database.runs.listRuns({ limit: 1 })).total;
}

describe.each(DATABASE_KINDS)('import upload on %s', (kind) => {
  const api = useServer(kind);

  it('stores an uploaded Python LLM-Eval export as a run with its items and statistics', async () => {
    const res = await upload(api, PYTHON_EXPORT, '?projectId=legacy-py&createdBy=ci&tags=imported,python');
    expect(res.status).toBe(201);
    const { runId, run } = res.body;
    expect(run).toMatchObject({
      id: runId,
      name: 'baseline-prompt',
      datasetName: 'geography-qa',
      status: 'completed',
      projectId: 'legacy-py',
      createdBy: 'ci',
      totalItems: 5,
      failedItems: 1,
      successfulItems: 4,
      startedAt: '2026-03-14T09:26:53.589Z',
      durationSeconds: 4.81,
    });
    expect([...run.tags].sort()).toEqual(['imported', 'python']);
    expect(run.metrics.map((m: { metricName: string }) => m.metricName).sort()).toEqual(['answer_relevancy', 'contains', 'exact_match']);
    const shown = await api.json(`/api/v1/runs/${runId}`);
    expect(shown.body).toMatchObject({ id: runId, totalItems: 5 });
    const items = await api.server.database.runs.listItems(runId, { limit: 100 });
    expect(items.items.map((i) => i.itemId).sort()).toEqual(['item_0', 'item_1', 'item_2', 'item_3', 'item_4']);
    expect(items.items.find((i) => i.itemId === 'item_3')).toMatchObject({ status: 'failed', errorType: 'TimeoutError' });
  });

  it('answers with the warnings of values stored as unknown (a negative time, a fractional token count), and none otherwise', async () => {
    const lines = jsonlExport('odd usage').trimEnd().split('\n').map((line) => JSON.parse(line));
    lines[1].time = -2;
    lines[2].tokens_used = 1.5;
    const res = await upload(api, lines.map((line) => JSON.stringify(line)).join('\n'), '', 'application/x-ndjson');
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([
      '"time" of item "a" is -2, not a number of seconds >= 0, so it is stored as unknown; fix the export and import it again to keep it',
      '"tokens_used" of item "b" is 1.5, not a whole number >= 0, so it is stored as unknown; fix the export and import it again to keep it',
    ]);
    const item = (await api.server.database.runs.listItems(res.body.runId)).items.find((i) => i.itemId === 'a');
    expect(item?.responseTime).toBeNull();
    const clean = await upload(api, jsonlExport('clean usage'), '', 'application/x-ndjson');
    expect(clean.body.warnings).toEqual([]);
  });

  // A score given as text became a metric error without a word, where an invalid time was warned of.
  it('answers with the warning of scores that are not numbers or booleans, stored as metric errors, in JSON and JSONL', async () => {
    const python = JSON.parse(PYTHON_EXPORT);
    python.run_name = 'text scores';
    python.results.item_0.scores.exact_match = '0.5';
    python.results.item_1.scores.exact_match = '1';
    // The file's exact_match statistics are no longer those of its items (the import would warn of that too).
    delete python.metric_stats.exact_match;
    const json = await upload(api, JSON.stringify(python), '?allowDuplicate=true');
    expect(json.status).toBe(201);
    expect(json.body.warnings).toEqual([
      '"scores.exact_match" of 2 items is not a number or a boolean (the first, item "item_0", has the text "0.5"), so it is stored as a metric error; fix the export and import it again to keep the score',
    ]);
    const lines = jsonlExport('text score').trimEnd().split('\n').map((line) => JSON.parse(line));
    lines[1].scores.exact_match = '1';
    const jsonl = await upload(api, lines.map((line) => JSON.stringify(line)).join('\n'), '', 'application/x-ndjson');
    expect(jsonl.status).toBe(201);
    expect(jsonl.body.warnings).toEqual([
      '"scores.exact_match" of item "a" is the text "1", not a number or a boolean, so it is stored as a metric error; fix the export and import it again to keep the score',
    ]);
    const item = (await api.server.database.runs.listItems(jsonl.body.runId)).items.find((i) => i.itemId === 'a');
    expect(item?.scores.exact_match).toEqual({ error: 'invalid score in export: "1"' });
  });

  it('refuses the same export again (409) unless allowDuplicate=true', async () => {
    const before = await runCount(api);
    const again = await upload(api, PYTHON_EXPORT);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/already/i) });
    expect(await runCount(api)).toBe(before);
    const forced = await upload(api, PYTHON_EXPORT, '?allowDuplicate=true');
    expect(forced.status).toBe(201);
    expect(await runCount(api)).toBe(before + 1);
  });

  it('stores an llm-eval JSONL export sent as application/x-ndjson', async () => {
    const res = await upload(api, jsonlExport('from jsonl'), '', 'application/x-ndjson; charset=utf-8');
    expect(res.status).toBe(201);
    expect(res.body.run).toMatchObject({ name: 'from jsonl', datasetName: 'jsonl-set', totalItems: 3, successfulItems: 2, failedItems: 1 });
    const items = await api.server.database.runs.listItems(res.body.runId, { limit: 10 });
    expect(items.items.map((i) => i.itemId)).toEqual(['a', 'b', 'c']);
  });

  it('keeps nothing of a file that cannot be imported and says what is wrong', async () => {
    const before = await runCount(api);
    const cases: Array<[string, string, RegExp]> = [
      [PYTHON_EXPORT.slice(0, Math.floor(PYTHON_EXPORT.length / 2)), 'application/json', /malformed JSON/],
      ['{"run_name": "no results"}', 'application/json', /no "results"/],
      [JSON.stringify({ ...JSON.parse(PYTHON_EXPORT), start_time: 'soon' }), 'application/json', /start_time/],
      [jsonlExport('x').split('\n').slice(0, 3).join('\n') + '\n{"type": "item", "id": "d", "succ', 'application/x-ndjson', /upload:4: malformed JSON/],
      [jsonlExport('x'), 'application/json', /malformed JSON/],
      ['   ', 'application/json', /empty/],
    ];
    for (const [body, type, message] of cases) {
      const res = await upload(api, body, '', type);
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.message).toMatch(/Nothing was stored|empty/);
      expect(res.body.error.details.field).toBe('body');
      if (type === 'application/x-ndjson') expect(res.body.error.details.line).toBe(4);
    }
    // Parsed, but storage refuses an item (an id longer than 255 characters) half-way: the run is not kept either.
    const longId = JSON.parse(PYTHON_EXPORT);
    longId.results['i'.repeat(300)] = { output: 'x', scores: {}, success: true, time: 0.1 };
    const refused = await upload(api, JSON.stringify(longId));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/255/);
    expect(await runCount(api)).toBe(before);
  });

  it('refuses a __proto__ or constructor.prototype key anywhere it would be stored, in JSON and JSONL, as every JSON body does', async () => {
    const before = await runCount(api);
    const lines = jsonlExport('proto keys').trimEnd().split('\n');
    const python = JSON.parse(PYTHON_EXPORT);
    const firstResult = Object.keys(python.results)[0]!;
    const cases: Array<[string, string, string]> = [
      // An item line's metadata.
      [[lines[0], lines[1]!.replace('{"type":"item"', '{"metadata":{"__proto__":{"isAdmin":true}},"type":"item"'), ...lines.slice(2)].join('\n'), 'application/x-ndjson', 'export.results.a.metadata.__proto__'],
      // The run line.
      [[lines[0]!.replace('{"type":"run"', '{"__proto__":{"isAdmin":true},"type":"run"'), ...lines.slice(1)].join('\n'), 'application/x-ndjson', 'export.__proto__'],
      // A JSON export's item input, and its config.
      [PYTHON_EXPORT.replace(`"${firstResult}": {`, `"${firstResult}": {"input": {"__proto__": {"polluted": 1}}, `), 'application/json', `export.results.${firstResult}.input.__proto__`],
      [JSON.stringify({ ...python, config: { constructor: { prototype: { polluted: 1 } } } }), 'application/json', 'export.config.constructor'],
    ];
    for (const [body, type, path] of cases) {
      const res = await upload(api, body, '?allowDuplicate=true', type);
      expect([path, res.status, res.body.error.code]).toEqual([path, 400, 'invalid_request']);
      expect(res.body.error.message).toMatch(new RegExp(`^The uploaded export cannot be imported: Invalid ${path.replace(/\./g, '\\.')}: a .*refused.* Nothing was stored\\.$`));
      expect(res.body.error.details.field).toBe(path);
    }
    expect(await runCount(api)).toBe(before);
  });

  it('answers other content types with 415 and hostile query values with 4xx', async () => {
    const before = await runCount(api);
    const wrongType = await upload(api, PYTHON_EXPORT, '', 'text/csv');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error).toMatchObject({ code: 'unsupported_media_type', message: expect.stringContaining('application/x-ndjson') });
    const noType = await api.json('/api/v1/imports', { method: 'POST', body: new Blob([PYTHON_EXPORT]) });
    expect(noType.status).toBeGreaterThanOrEqual(400);
    expect(noType.status).toBeLessThan(500);
    for (const query of [
      `?projectId=${encodeURIComponent("' OR 1=1 --")}`,
      '?projectId=%00',
      `?createdBy=${'x'.repeat(10_000)}`,
      '?allowDuplicate=maybe',
      '?projectId=%ED%A0%80',
    ]) {
      const res = await upload(api, PYTHON_EXPORT, query);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect(await runCount(api)).toBe(before);
    // Hostile values inside the file are data: stored as text, never run.
    const hostile = JSON.parse(PYTHON_EXPORT);
    hostile.run_name = "'; DROP TABLE evaluation_runs; -- \u0000 \ud800 🧪";
    hostile.results.item_0.output = 'a\u0000b';
    const stored = await upload(api, JSON.stringify(hostile));
    expect(stored.status).toBe(201);
    expect(stored.body.run.name).toBe(hostile.run_name);
    expect(await runCount(api)).toBe(before + 1);
  });
});

describe.each(DATABASE_KINDS)('upload and body limits on %s', (kind) => {
  // Uploads may be larger than other request bodies: the upload's parser and limit apply to /imports alone.
  const api = useServer(kind, { bodyLimit: 4 * 1024, uploadLimit: 64 * 1024 });

  it('answers an upload over uploadLimit with 413, and keeps the JSON bodyLimit for every other route', async () => {
    const big = JSON.parse(PYTHON_EXPORT);
    big.results.item_0.output = 'x'.repeat(70 * 1024);
    const tooBig = await upload(api, JSON.stringify(big));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('payload_too_large');
    // The message says the limit, the one of the route the body was sent to.
    expect(tooBig.body.error.message).toBe('The request body is larger than this server accepts (64 KiB).');

    // Between the two limits: an upload is fine, any other JSON body is too large.
    const medium = JSON.parse(PYTHON_EXPORT);
    medium.results.item_0.output = 'x'.repeat(10 * 1024);
    expect((await upload(api, JSON.stringify(medium))).status).toBe(201);
    const runBody = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'big', description: 'x'.repeat(10 * 1024) } });
    expect(runBody.status).toBe(413);
    expect(runBody.body.error.code).toBe('payload_too_large');
    expect(runBody.body.error.message).toBe('The request body is larger than this server accepts (4 KiB).');
    // And the other routes still parse JSON only.
    const ndjson = await api.json('/api/v1/runs', { method: 'POST', body: '{"name":"x"}', headers: { 'content-type': 'application/x-ndjson' } });
    expect(ndjson.status).toBe(415);
    expect((await api.json('/api/v1/runs', { method: 'POST', json: { name: 'small' } })).status).toBe(201);
    expect(await runCount(api)).toBe(2);
  });
});
