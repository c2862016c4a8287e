import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `db migrate` of the Python tool's export, then `runs export`: start_time "2026-03-14T09:26:53.589793" came back as
// "2026-03-14T09:26:53.589+00:00", and a result with "success": false and no error was imported without a word and
// exported into `errors` as "Error: ".
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-python-round-trip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLE = path.join(__dirname, '..', '..', 'evaluator', 'test', 'fixtures', 'python-export-sample.json');

describe.each(DATABASE_KINDS)('db migrate then runs export of a Python export, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('gives back its timestamps and its failed result without an error as they were, and warns of that result', async () => {
    const data = JSON.parse(readFileSync(SAMPLE, 'utf8'));
    data.results.item_2.success = false;
    const file = path.join(dir, `${kind}-python.json`);
    writeFileSync(file, JSON.stringify(data, null, 2));
    const migrated = await runCli(['db', 'migrate', file, '--json', '--database-url', database.url]);
    expect(migrated.code).toBe(0);
    const imported = JSON.parse(migrated.stdout).imported[0];
    expect(imported.warnings).toEqual([
      'item "item_2" is in "results" with "success": false and no error, so it is stored as a failed item without an error message; ' +
        'it counts as failed: the run\'s success rate is 0.6, where the export\'s "success_rate" says 0.8',
    ]);

    const out = path.join(dir, `${kind}-exported.json`);
    const exported = await runCli(['runs', 'export', 'latest', '-o', out, '--database-url', database.url]);
    expect(exported.code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect([json.start_time, json.end_time]).toEqual(['2026-03-14T09:26:53.589793', '2026-03-14T09:26:58.399793']);
    expect(json.errors).toEqual({ item_3: 'TimeoutError: request timed out after 30s' });
    expect(json.results.item_2).toMatchObject({ output: 'Sydney', success: false });
  });
});
