import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// `-o -` means stdout to most tools; evaluate and runs export wrote a file named "-" in the working folder and said
// "Wrote -". It is now a usage error that says how to print to stdout.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-output-dash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, '{"id":"a","input":"x","expected":"x"}\n');
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default (x) => x;\n');
const url = `sqlite:///${path.join(dir, 'runs.db')}`;

describe('-o -', () => {
  it('evaluate refuses it (exit 2) before running, pointing to --json, and writes no file named "-"', async () => {
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--name', 'dash', '-o', '-', '--database-url', url], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('llm-eval: -o -: evaluate writes -o to a file, not to stdout; use --json to print the result to stdout, or give a file name.\n');
    expect(existsSync(path.join(dir, '-'))).toBe(false);
    expect(existsSync(path.join(dir, 'runs.db'))).toBe(false);
  });

  it('runs export refuses it (exit 2), pointing to stdout without -o', async () => {
    const stored = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--name', 'dash', '--database-url', url], { cwd: dir });
    expect(stored.code).toBe(0);
    const r = await runCli(['runs', 'export', 'dash', '-o', '-', '--database-url', url], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('llm-eval: -o -: runs export writes -o to a file, not to stdout; leave out -o to print the export to stdout, or give a file name.\n');
    expect(existsSync(path.join(dir, '-'))).toBe(false);
  });
});
