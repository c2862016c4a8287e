import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// `db migrate out.csv` said "malformed JSON at line 1, column 1". A CSV export leaves out what an import restores, so
// db migrate says it cannot import one and what to import instead (exit 1, like any file it cannot import).
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-migrate-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
const CSV_REFUSED =
  "CSV exports cannot be imported (they leave out the run's project, model, tags and configuration and each item's metadata); " +
  'export the run as .json or .jsonl (llm-eval runs export <run> -o run.json) and import that.';

describe('db migrate given a CSV export', () => {
  it('says CSV exports cannot be imported and what to import instead, by extension or by header; exit 1', async () => {
    const dataset = path.join(dir, 'data.jsonl');
    writeFileSync(dataset, '{"input":"a","expected":"a"}\n');
    const task = path.join(dir, 'task.mjs');
    writeFileSync(task, 'export default (input) => input;');
    expect((await runCli(['evaluate', '--task', task, '--dataset', dataset, '--database-url', url])).code).toBe(0);
    const csv = path.join(dir, 'out.csv');
    expect((await runCli(['runs', 'export', 'latest', '-o', csv, '--database-url', url])).code).toBe(0);
    const renamed = path.join(dir, 'out.txt');
    copyFileSync(csv, renamed);
    const json = path.join(dir, 'out.json');
    expect((await runCli(['runs', 'export', 'latest', '-o', json, '--database-url', url])).code).toBe(0);

    const r = await runCli(['db', 'migrate', csv, renamed, json, '--allow-duplicate', '--database-url', url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`failed ${csv}: ${CSV_REFUSED}\n`);
    expect(r.stderr).toContain(`failed ${renamed}: ${CSV_REFUSED}\n`);
    expect(r.stderr).not.toContain('malformed JSON');
    expect(r.stdout).toContain('1 of 3 file(s) imported, 2 failed.');
  });
});
