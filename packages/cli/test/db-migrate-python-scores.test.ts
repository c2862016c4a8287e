import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// A Python export with NaN (what json.dump writes for a one-item metric's "std", or a metric that returned nan) failed
// with "malformed JSON … unexpected character"; and a score given as text ("0.5") became a metric error without a
// word, where a time given as text was warned of. NaN statistics are read as unknown (the import recomputes them), a
// NaN score is stored as the metric error llm-eval stores for a metric returning NaN, and both score cases are said.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-migrate-python-scores-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** As Python's json.dump writes it (", " and ": " separators, NaN for floats that are not finite). */
const python = (name: string, scores: string[], time = '0.5') =>
  `{"dataset_name": "d", "run_name": "${name}", "start_time": "2026-12-01T10:00:00", "end_time": "2026-12-01T10:00:05", ` +
  `"duration": 5.0, "total_items": ${scores.length}, "success_rate": 1.0, "metrics": ["f1"], ` +
  `"metric_stats": {"f1": {"mean": NaN, "std": NaN, "min": NaN, "max": NaN, "success_rate": 0.5}}, "results": {` +
  scores.map((score, i) => `"${i + 1}": {"output": "a", "scores": {"f1": ${score}}, "success": true, "time": ${i === 0 ? time : '0.5'}}`).join(', ') +
  '}, "errors": {}}';

describe.each(DATABASE_KINDS)('db migrate of Python scores that are NaN or text, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('imports them as metric errors and warns once per metric, in text and in --json; exit 0', async () => {
    const nan = path.join(dir, `${kind}-nan.json`);
    writeFileSync(nan, python('nan', ['NaN', '0.5']));
    const text = path.join(dir, `${kind}-text.json`);
    writeFileSync(text, python('text', ['"0.5"', '0.5'], '"0.5"'));
    const r = await runCli(['db', 'migrate', nan, text, '--database-url', database.url]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `warning ${nan}: "scores.f1" of item "1" is NaN, not a score (Python's json.dump writes NaN, Infinity and -Infinity for a ` +
        'metric that returned one), so it is stored as a metric error, as llm-eval stores a metric that returns one\n',
    );
    expect(r.stderr).toContain(`warning ${text}: "time" of item "1" is the text "0.5"`);
    expect(r.stderr).toContain(
      `warning ${text}: "scores.f1" of item "1" is the text "0.5", not a number or a boolean, so it is stored as a metric error; fix the export and import it again to keep the score\n`,
    );
    const json = await runCli(['db', 'migrate', text, '--allow-duplicate', '--json', '--database-url', database.url]);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.imported[0].warnings).toEqual([expect.stringMatching(/^"time" of item "1"/), expect.stringMatching(/^"scores\.f1" of item "1" is the text "0\.5"/)]);

    const db = await initializeDatabase({ url: database.url });
    try {
      const run = (await db.runs.listRuns({ limit: 10 })).runs.find((r) => r.name === 'nan')!;
      const { items } = await db.runs.listItems(run.id, { limit: 10 });
      expect(items.map((item) => [item.itemId, item.scores])).toEqual([
        ['1', { f1: { error: 'metric returned NaN' } }],
        ['2', { f1: 0.5 }],
      ]);
      expect((await db.runs.requireRun(run.id)).metrics.find((m) => m.metricName === 'f1')).toMatchObject({ mean: 0.5, failedEvaluations: 1 });
    } finally {
      await db.close();
    }
  });

  it("refuses NaN where the import cannot take it (an item's time), saying what it is and how to fix the file; exit 1", async () => {
    const file = path.join(dir, `${kind}-nan-time.json`);
    writeFileSync(file, python('nan time', ['0.5'], 'NaN'));
    const r = await runCli(['db', 'migrate', file, '--database-url', database.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /failed .*nan-time\.json: NaN at line 1, column \d+ \(results\.1\.time\) is not JSON: Python's json\.dump writes NaN, Infinity and -Infinity .*json\.dump\(\.\.\., allow_nan=False\); or sed -E/,
    );
  });
});
