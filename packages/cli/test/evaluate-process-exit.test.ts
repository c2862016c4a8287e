import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// A task that calls process.exit() (itself, or a library it uses) ends `evaluate` on the spot, with the run neither
// finished nor summarised. It exited 0, so a CI job passed on a run that never ended; now it is exit 1 and says so.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-process-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
const dataset = path.join(dir, 'data.jsonl');
writeFileSync(dataset, ['a', 'b', 'c'].map((input) => JSON.stringify({ id: input, input, expected: input })).join('\n'));
const task = path.join(dir, 'task.mjs');
writeFileSync(task, `export default (input) => { if (input === 'c') process.exit(); return input; };`);

describe('evaluate whose task calls process.exit()', () => {
  it('exits 1, naming the unfinished run, which shows as abandoned, and where its finished items were saved', async () => {
    const run = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--concurrency', '1', '--name', 'exits', '--json', '--database-url', url], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const listed = JSON.parse((await runCli(['runs', 'list', '--json', '--database-url', url])).stdout) as { runs: Array<{ id: string; name: string; status: string }> };
    expect(listed.runs).toEqual([expect.objectContaining({ name: 'exits', status: 'abandoned' })]);
    const id = listed.runs[0]!.id;
    // Items a and b finished before the exit, none of them stored yet: they went to the unsaved file.
    const file = path.join(dir, `llm-eval-unsaved-${id}.json`);
    expect(run.stderr).toContain(
      `before the run finished; run ${id} was left unfinished with 0 of its 2 finished items stored; all 2 are in ${file}: import them with llm-eval db migrate ${file} --database-url <the same URL>, then delete the partial run: llm-eval runs delete ${id.slice(0, 8)} --database-url <the same URL>`,
    );
    rmSync(file);
  });

  it('exits 1 with --no-store too', async () => {
    const run = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the process was ended (process.exit) by the task or a metric before the run finished; the run was not stored');
  });
});

// process.exit(7) in a task ended evaluate with exit code 7 and not a word, the items finished before it not stored.
const exitsSeven = path.join(dir, 'exits-seven.mjs');
writeFileSync(exitsSeven, `export default async (input) => { await new Promise((r) => setTimeout(r, 20)); if (input === 'c') process.exit(7); return input; };`);
const throwsLater = path.join(dir, 'throws-later.mjs');
writeFileSync(throwsLater, `export default async (input) => { if (input === 'a') setTimeout(() => { throw new Error('thrown outside the task'); }); else await new Promise((r) => setTimeout(r, 300)); return input; };`);

describe('evaluate whose task calls process.exit(7)', () => {
  it('keeps exit code 7 and says the task ended the process, naming the unfinished run', async () => {
    const run = await runCli(['evaluate', '--task', exitsSeven, '--dataset', dataset, '--concurrency', '1', '--name', 'exits-7', '--database-url', url], { cwd: dir });
    expect(run.code).toBe(7);
    const listed = JSON.parse((await runCli(['runs', 'list', '--json', '--database-url', url])).stdout) as { runs: Array<{ id: string; name: string }> };
    const id = listed.runs.find((r) => r.name === 'exits-7')!.id;
    expect(run.stderr).toContain(`llm-eval: the process was ended (process.exit(7); exit code 7 kept) by the task or a metric before the run finished; run ${id} was left unfinished`);
  });

  it('does not blame process.exit for an uncaught exception, which stops the run as failed', async () => {
    const run = await runCli(['evaluate', '--task', throwsLater, '--dataset', dataset, '--concurrency', '1', '--no-store']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/llm-eval: the run stopped: an uncaught exception outside any item \(thrown by the task, a metric or llm-eval itself, at [^)]*\.mjs:\d+:\d+\)?\): Error: thrown outside the task/);
    expect(run.stderr).not.toContain('process.exit');
  });
});

// A module whose top-level `await` never settles: its import never finishes, nothing else keeps the process alive and
// Node ends it. That was reported as a process.exit() by the task, which never called it.
const hangs = path.join(dir, 'hangs.mjs');
writeFileSync(hangs, `await new Promise(() => {});\nexport default (input) => input;\nexport const never = () => 1;`);

describe('evaluate with a module whose top-level await never settles', () => {
  it.each([
    ['--task', ['--task', hangs]],
    ['--metric-file', ['--task', task, '--metric-file', hangs, '--metrics', 'never']],
  ])('exits 1 naming the %s module whose import never finished', async (flag, args) => {
    const run = await runCli(['evaluate', ...args, '--dataset', dataset, '--no-store']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`llm-eval: ${flag}: importing ${hangs} never finished (a top-level await in it never settles); nothing was evaluated and no run was stored\n`);
    expect(run.stderr).not.toContain('process.exit');
  });
});
