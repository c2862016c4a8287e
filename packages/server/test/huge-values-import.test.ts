import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

/** A Python LLM-Eval export: 4 results (one with a metric error) and 1 error. */
const PYTHON_EXPORT = readFileSync(path.join(__dirname, '../../evaluator/test/fixtures/python-export-sample.json'), 'utf8');
const MAX = Number.MAX_VALUE;

const upload = (api: TestServer, body: string) =>
  api.json('/api/v1/imports?allowDuplicate=true', { method: 'POST', body, headers: { 'content-type': 'application/json' } });

/**
 * The sample export with every exact_match score replaced, in order, by `scores`, and without the file's exact_match
 * statistics (they would no longer be those of its items: the import warns of stated statistics that disagree).
 */
function withScores(runName: string, scores: number[]): string {
  const doc = JSON.parse(PYTHON_EXPORT);
  doc.run_name = runName;
  delete doc.metric_stats.exact_match;
  let i = 0;
  for (const result of Object.values(doc.results) as Array<{ scores?: Record<string, unknown> }>) {
    if (result.scores && 'exact_match' in result.scores) result.scores.exact_match = scores[i++ % scores.length];
  }
  return JSON.stringify(doc);
}

interface MetricJson {
  metricName: string;
  mean: number | null;
  median: number | null;
  stdDev: number | null;
  min: number | null;
  max: number | null;
  percentiles: Record<string, number> | null;
  histogram: { edges: number[]; counts: number[] } | null;
}

// Scores near the largest double (about 1.8e308) are valid: their statistics used to overflow to Infinity and fail the
// import with a 500 on SQLite ("no such column: Infinity").
describe.each(DATABASE_KINDS)('importing an export with scores of ±1e308 on %s', (kind) => {
  const api = useServer(kind);

  it('answers 201 with finite statistics, the same as GET /runs/{run} shows later', async () => {
    const res = await upload(api, withScores('huge scores', [1e308, 1e308, -1e308, 1.7e308]));
    expect(res.status).toBe(201);
    const metric = (res.body.run.metrics as MetricJson[]).find((m) => m.metricName === 'exact_match')!;
    expect(metric).toMatchObject({ min: -1e308, max: 1.7e308, median: 1e308 });
    expect(metric.mean! / 1e308).toBeCloseTo((1 + 1 - 1 + 1.7) / 4, 12);
    const numbers = [metric.mean, metric.stdDev, ...Object.values(metric.percentiles!), ...metric.histogram!.edges];
    expect(numbers.every((n) => typeof n === 'number' && Number.isFinite(n))).toBe(true);
    const shown = await api.json(`/api/v1/runs/${res.body.runId}`);
    expect((shown.body.metrics as MetricJson[]).find((m) => m.metricName === 'exact_match')).toEqual(metric);
  });

  it('gives stdDev null when it is beyond the largest double, and every other statistic', async () => {
    const res = await upload(api, withScores('beyond', [-MAX, MAX]));
    expect(res.status).toBe(201);
    const metric = (res.body.run.metrics as MetricJson[]).find((m) => m.metricName === 'exact_match')!;
    expect(metric).toMatchObject({ mean: 0, stdDev: null, min: -MAX, max: MAX });
  });

  it('answers 400 naming cost when an item cost is beyond any real call (1e12), and keeps nothing', async () => {
    const before = (await api.server.database.runs.listRuns({ limit: 1 })).total;
    const jsonl = [
      { type: 'run', run_name: 'costly', start_time: '2026-04-01T08:00:00Z', end_time: '2026-04-01T08:00:05Z', metrics: ['exact_match'] },
      { type: 'item', id: 'a', success: true, output: 'x', scores: { exact_match: 1 }, cost: 1e308 },
      { type: 'item', id: 'b', success: true, output: 'y', scores: { exact_match: 1 }, cost: 1e308 },
    ];
    const res = await api.json('/api/v1/imports', {
      method: 'POST',
      body: jsonl.map((line) => JSON.stringify(line)).join('\n'),
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'cost' } });
    expect(res.body.error.message).toMatch(/cost.*must be at most/);
    expect((await api.server.database.runs.listRuns({ limit: 1 })).total).toBe(before);
  });

  // Python's json.dump writes them for a metric that returned one: such a score is stored as llm-eval stores a metric
  // that returns one (a metric error), with a warning; it answered 400 "malformed JSON" before.
  it("stores Python's non-JSON Infinity and NaN scores as metric errors, with a warning, never a 500", async () => {
    for (const literal of ['Infinity', '-Infinity', 'NaN']) {
      const body = withScores('not json', [0]).replace('"exact_match":0', `"exact_match":${literal}`);
      expect(body).toContain(literal);
      const res = await upload(api, body);
      expect([res.status, res.body.error]).toEqual([201, undefined]);
      expect(res.body.warnings).toEqual([expect.stringMatching(new RegExp(`^"scores\\.exact_match" of item "item_0" is ${literal}, not a score \\(Python's json\\.dump`))]);
      const { items } = await api.server.database.runs.listItems(res.body.runId, { limit: 10 });
      expect(items.find((item) => item.itemId === 'item_0')!.scores.exact_match).toEqual({ error: `metric returned ${literal}` });
    }
  });

  it("answers 400 naming Python's NaN where the import cannot take it (an item's time), and how to fix the file", async () => {
    const res = await upload(api, withScores('nan time', [0]).replace('"time":0.412', '"time":NaN'));
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
    expect(res.body.error.message).toMatch(/NaN at line 1, column \d+ \(results\.item_0\.time\) is not JSON: Python's json\.dump writes NaN.*allow_nan=False/);
  });
});
