import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// A stored run keeps no items in memory by default (and with --no-keep-items): it is stored whole and its summary is the
// same as a run's that keeps its items (--keep-items).
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-no-keep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, Array.from({ length: 400 }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i % 3 === 0 ? -1 : i })).join('\n'));
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default (x) => { if (x % 50 === 7) throw new Error(`bad ${x}`); return x; };\n');

describe.each(DATABASE_KINDS)('evaluate without items in memory (the default for stored runs) on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('stores every item and reports the same summary as a run that keeps its items', async () => {
    const args = (name: string, extra: string[]) => ['evaluate', '--task', task, '--dataset', dataset, '--metrics', 'exact_match,fuzzy_match', '--name', name, '--database-url', database.url, '--json', ...extra];
    const kept = await runCli(args('kept', ['--keep-items']));
    const streamed = await runCli(args('streamed', []));
    expect(kept.code).toBe(0);
    expect(streamed.code).toBe(0);
    const a = JSON.parse(kept.stdout);
    const b = JSON.parse(streamed.stdout);
    for (const key of ['totalItems', 'successRate']) expect(b[key]).toEqual(a[key]);
    expect(b.totalItems).toBe(400);
    expect(b.successRate).toBe(392 / 400);
    expect(b.metricStats).toEqual(a.metricStats);
    expect(b.timing).toEqual(a.timing === undefined ? undefined : expect.any(Object));
    const db = await initializeDatabase({ url: database.url });
    try {
      const { runs } = await db.runs.listRuns({ sort: 'name', direction: 'asc' });
      expect(runs.map((r) => [r.name, r.status, r.totalItems, r.failedItems])).toEqual([
        ['kept', 'completed', 400, 8],
        ['streamed', 'completed', 400, 8],
      ]);
      const [keptMetrics, streamedMetrics] = await Promise.all(runs.map((r) => db.runs.getRunMetrics(r.id)));
      expect(streamedMetrics!.map((m) => [m.metricName, m.mean, m.percentiles])).toEqual(keptMetrics!.map((m) => [m.metricName, m.mean, m.percentiles]));
    } finally {
      await db.close();
    }
  });
});
