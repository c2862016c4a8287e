import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// A JSONL export cut at a line boundary (a partial copy) was imported as a smaller run, exit 0, without a word,
// though its run line said total_items 30. It is now refused, naming both counts and how to fix it; so is an llm-eval
// JSON export with items removed. A Python export whose total_items disagrees is imported, with a warning.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-migrate-incomplete-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Python-format export of 30 items, every fourth failed. */
function pythonExport(totalItems: number): string {
  const ids = Array.from({ length: 30 }, (_, i) => `q${i}`);
  const results = Object.fromEntries(ids.filter((_, i) => i % 4).map((id) => [id, { output: id, scores: { exact_match: 1 }, success: true, time: 0.1 }]));
  const errors = Object.fromEntries(ids.filter((_, i) => i % 4 === 0).map((id) => [id, 'Error: x']));
  return JSON.stringify({
    dataset_name: 'd', run_name: 'thirty', start_time: '2026-04-01T08:00:00Z', end_time: '2026-04-01T08:00:30Z', duration: 30,
    total_items: totalItems, success_rate: 22 / 30, metrics: ['exact_match'], metric_stats: {}, results, errors,
  });
}

describe.each(DATABASE_KINDS)('db migrate of an export with fewer items than its total_items, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  async function runCount(): Promise<number> {
    const db = await initializeDatabase({ url: database.url });
    try {
      return (await db.runs.listRuns({ limit: 1 })).total;
    } finally {
      await db.close();
    }
  }

  it('refuses a cut JSONL export and an llm-eval JSON export with items removed, naming the counts; exit 1', async () => {
    const source = path.join(dir, `${kind}-source.json`);
    writeFileSync(source, pythonExport(30));
    expect((await runCli(['db', 'migrate', source, '--database-url', database.url])).code).toBe(0);
    const full = path.join(dir, `${kind}-full.jsonl`);
    const json = path.join(dir, `${kind}-full.json`);
    for (const out of [full, json]) expect((await runCli(['runs', 'export', 'latest', '-o', out, '--database-url', database.url])).code).toBe(0);

    const cut = path.join(dir, `${kind}-cut.jsonl`);
    writeFileSync(cut, readFileSync(full, 'utf8').split('\n').slice(0, 11).join('\n') + '\n');
    const edited = path.join(dir, `${kind}-edited.json`);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    delete doc.results.q1;
    doc.llm_eval.item_order = doc.llm_eval.item_order.filter((id: string) => id !== 'q1');
    writeFileSync(edited, JSON.stringify(doc));

    const before = await runCount();
    const r = await runCli(['db', 'migrate', cut, edited, '--allow-duplicate', '--database-url', database.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `failed ${cut}: line 1: the run line says total_items 30, but the file has 10 item lines: it is incomplete (cut short, ` +
        'as a partial copy or an interrupted download is), and importing it would store a run of 10 items. Export the run again ' +
        '(llm-eval runs export <run> -o run.jsonl); or, to import only these items, set total_items to 10 in the run line\n',
    );
    expect(r.stderr).toContain(`failed ${edited}: "total_items" is 30, but the export has 29 items (21 in "results", 8 in "errors"): items were removed from it`);
    expect(r.stdout).toContain('0 of 2 file(s) imported, 2 failed.');
    const asJson = await runCli(['db', 'migrate', cut, '--allow-duplicate', '--json', '--database-url', database.url]);
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.stdout)).toEqual({ imported: [], failed: [{ file: cut, error: expect.stringMatching(/^line 1: the run line says total_items 30, but the file has 10 item lines/) }] });
    expect(await runCount()).toBe(before);

    // The whole file still imports.
    expect((await runCli(['db', 'migrate', full, '--allow-duplicate', '--database-url', database.url])).code).toBe(0);
  });

  it('imports a Python export whose total_items disagrees with its items, with a warning; exit 0', async () => {
    const python = path.join(dir, `${kind}-python.json`);
    writeFileSync(python, pythonExport(31));
    const r = await runCli(['db', 'migrate', python, '--allow-duplicate', '--json', '--database-url', database.url]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).imported[0]).toMatchObject({
      items: 30,
      warnings: ['"total_items" is 31, but the export has 30 items (22 in "results", 8 in "errors"): it is imported as a run of 30 items; if items are missing, import the complete file instead'],
    });
  });
});
