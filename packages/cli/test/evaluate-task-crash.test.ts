import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// Task code that breaks the process itself, outside any item: a process.exit(), an exception thrown from a timer, a
// promise rejected and never handled. A failing item never fails the run, and nothing finished may be lost.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-task-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'data.jsonl');
writeFileSync(dataset, Array.from({ length: 60 }, (_, i) => JSON.stringify({ id: `i${i}`, input: i, expected: String(i) })).join('\n'));

function task(name: string, body: string): string {
  const file = path.join(dir, `${name}.mjs`);
  writeFileSync(file, body);
  return file;
}

interface ListedRun {
  id: string;
  name: string;
  status: string;
  totalItems: number;
}

async function storedRuns(url: string): Promise<ListedRun[]> {
  return (JSON.parse((await runCli(['runs', 'list', '--json', '--database-url', url])).stdout) as { runs: ListedRun[] }).runs;
}

/** A fresh directory (the CLI's cwd, where an unsaved file goes) and a database in it. */
function workDir(name: string): { cwd: string; url: string } {
  const cwd = path.join(dir, name);
  rmSync(cwd, { recursive: true, force: true });
  mkdirSync(cwd);
  return { cwd, url: `sqlite:///${path.join(cwd, 'runs.db')}` };
}

const unsavedFiles = (cwd: string) => readdirSync(cwd).filter((f) => f.startsWith('llm-eval-unsaved-'));

describe('a task that calls process.exit() mid-run', () => {
  const exits = task('exits', `export default async (input) => { if (input === 59) { await new Promise((r) => setTimeout(r, 50)); process.exit(0); } return String(input); };`);

  it.each([
    ['items kept on disk (the default)', []],
    ['items kept in memory (-o)', ['-o', 'out.json']],
  ])('with %s: the finished items go to the unsaved file, which db migrate imports', async (_what, extra) => {
    const { cwd, url } = workDir(`exit-${extra.length}`);
    const run = await runCli(['evaluate', '--task', exits, '--dataset', dataset, '--concurrency', '1', '--name', 'exits', '--database-url', url, ...extra], { cwd });
    expect(run.code).toBe(1);
    const [file] = unsavedFiles(cwd);
    expect(file).toBeDefined();
    const [partial] = await storedRuns(url);
    expect(run.stderr).toContain('the process was ended (process.exit) by the task or a metric before the run finished');
    expect(run.stderr).toContain(`59 finished items`);
    expect(run.stderr).toContain(`llm-eval db migrate ${path.join(cwd, file!)}`);
    expect(run.stderr).toContain(`llm-eval runs delete ${partial!.id.slice(0, 8)}`);
    const imported = await runCli(['db', 'migrate', file!, '--database-url', url], { cwd });
    expect(imported.code).toBe(0);
    const runs = await storedRuns(url);
    expect(runs.find((r) => r.id !== partial!.id)).toMatchObject({ name: 'exits', totalItems: 59 });
  });
});

describe('an exception thrown outside any item (from a timer in the task)', () => {
  const throws = task(
    'throws-from-timer',
    `export default async (input) => { if (input === 30) setTimeout(() => { throw new Error('async boom from a timer'); }, 1); await new Promise((r) => setTimeout(r, 5)); return String(input); };`,
  );

  it('stops the run the orderly way: finished items stored, the run failed naming the error, no stack, exit 1', async () => {
    const { cwd, url } = workDir('uncaught');
    const run = await runCli(['evaluate', '--task', throws, '--dataset', dataset, '--concurrency', '2', '--name', 'uncaught', '--database-url', url], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/llm-eval: an uncaught exception outside any item \(thrown by the task, a metric or llm-eval itself, at [^)]*throws-from-timer[^)]*\.mjs:\d+:\d+\)?\): Error: async boom from a timer/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(unsavedFiles(cwd)).toEqual([]);
    const [stored] = await storedRuns(url);
    expect(stored).toMatchObject({ name: 'uncaught', status: 'failed' });
    // Items 0–28 had finished when item 30 started; item 29 may still have been in flight (concurrency 2), and is left out.
    expect(stored!.totalItems).toBeGreaterThanOrEqual(29);
    const shown = await runCli(['runs', 'show', stored!.id, '--json', '--database-url', url]);
    expect(shown.stdout).toMatch(/the evaluation stopped: an uncaught exception outside any item \(thrown by the task, a metric or llm-eval itself, at [^)]*throws-from-timer[^)]*\.mjs:\d+:\d+\)?\): Error: async boom from a timer/);
  });

  it('prints its stack with --verbose', async () => {
    const run = await runCli(['evaluate', '--task', throws, '--dataset', dataset, '--concurrency', '1', '--no-store', '--verbose']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Error: async boom from a timer\n\s+at /);
  });
});

describe('a promise rejected in task code and never handled', () => {
  const rejects = task(
    'rejects',
    `export default async (input) => { if (input % 20 === 5) Promise.reject(new Error('detached rejection ' + input)); await new Promise((r) => setTimeout(r, 2)); return String(input); };`,
  );

  it('does not stop the run: it is reported once as a warning naming it, and the run completes', async () => {
    const { cwd, url } = workDir('rejection');
    const run = await runCli(['evaluate', '--task', rejects, '--dataset', dataset, '--concurrency', '5', '--name', 'rejects', '--database-url', url], { cwd });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('llm-eval: warning: a promise rejected and nothing handled it (in the task or a metric): Error: detached rejection 5; the run goes on');
    expect(run.stderr).not.toContain('detached rejection 25');
    expect(run.stderr).toContain('3 promise rejections');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await storedRuns(url)).toEqual([expect.objectContaining({ name: 'rejects', status: 'completed', totalItems: 60 })]);
    expect(existsSync(path.join(cwd, 'llm-eval-unsaved-'))).toBe(false);
  });
});
