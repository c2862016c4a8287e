import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// A run whose item is named "__proto__" exported fine, and its .json export imported, but its .jsonl export failed:
// 'llm_eval.item_order lists item "__proto__", which is in neither "results" nor "errors"' (the JSONL reader set the
// prototype of `results` instead). Item ids and metric names are data: Object.prototype's names are keys like others.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-migrate-proto-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString'];

/** A Python-format export: one result per name (scored by every metric), and an error named valueOf; written as text. */
const source = path.join(dir, 'names.json');
writeFileSync(
  source,
  `{"dataset_name":"d","run_name":"prototype names","start_time":"2026-04-01T08:00:00Z","end_time":"2026-04-01T08:00:05Z",` +
    `"duration":5,"total_items":${NAMES.length + 1},"success_rate":0.8,"metrics":${JSON.stringify(NAMES)},"metric_stats":{},` +
    `"results":{${NAMES.map((id, i) => `"${id}":{"output":"out ${i}","success":true,"time":0.25,"scores":{${NAMES.map((m, j) => `"${m}":${j / 10}`).join(',')}}}`).join(',')}},` +
    `"errors":{"valueOf":"TimeoutError: too slow"}}`,
);

describe.each(DATABASE_KINDS)('db migrate of items and metrics named like Object.prototype members, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  /** Each run's items: id, status and scores (sorted: PostgreSQL's jsonb orders keys its way). */
  async function storedItems(): Promise<unknown[]> {
    const db = await initializeDatabase({ url: database.url });
    try {
      const { runs } = await db.runs.listRuns({ limit: 10 });
      const perRun = [];
      for (const run of runs) {
        const { items } = await db.runs.listItems(run.id, { limit: 100 });
        perRun.push(items.map((item) => [item.itemId, item.status, Object.entries(item.scores ?? {}).sort()]).sort());
      }
      return perRun;
    } finally {
      await db.close();
    }
  }

  it('imports the export, and its own .json and .jsonl exports back, with every item and score; exit 0', async () => {
    const first = await runCli(['db', 'migrate', source, '--database-url', database.url], { cwd: dir });
    expect([first.code, first.stderr]).toEqual([0, '']);
    for (const format of ['json', 'jsonl']) {
      const out = path.join(dir, `${kind}-again.${format}`);
      const exported = await runCli(['runs', 'export', 'latest', '-o', out, '--database-url', database.url], { cwd: dir });
      expect([exported.code, exported.stderr]).toEqual([0, expect.any(String)]);
      const again = await runCli(['db', 'migrate', out, '--allow-duplicate', '--json', '--database-url', database.url], { cwd: dir });
      expect([format, again.code, again.stderr]).toEqual([format, 0, '']);
      expect(JSON.parse(again.stdout)).toMatchObject({ imported: [{ items: NAMES.length + 1, warnings: [] }], failed: [] });
    }
    const runs = await storedItems();
    expect(runs).toHaveLength(3);
    const expected = [
      ...NAMES.map((id) => [id, 'completed', NAMES.map((m, j) => [m, j / 10]).sort()]),
      ['valueOf', 'failed', []],
    ].sort();
    for (const items of runs) expect(items).toEqual(expected);
  });
});
