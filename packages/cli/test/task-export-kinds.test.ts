import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// `--task x.mjs#foo` with `foo` exported as a number said `has no export "foo" that is a function (it exports: foo)`,
// and a default export `{ invoke: 5 }` was reported as no default export at all: the message says what was found now.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-task-kinds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'data.jsonl');
writeFileSync(dataset, JSON.stringify({ id: 'a', input: 1, expected: '1' }));
const task = (name: string, source: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return file;
};

describe('a task export that is not a function', () => {
  it.each<[string, string, string, RegExp]>([
    ['a named export that is a number', 'named.mjs', 'export const foo = 5;', /export "foo" is a number, not a function/],
    ['a named export that is a string', 'string.mjs', 'export const foo = "x";', /export "foo" is a string, not a function/],
    ['a default object whose invoke is a number', 'invoke.mjs', 'export default { invoke: 5 };', /the default export is an object whose invoke is a number, not a function/],
    ['a "task" export that is null', 'null.mjs', 'export const task = null;', /export "task" is null, not a function/],
  ])('%s is named for what it is', async (_, file, source, message) => {
    const spec = file === 'named.mjs' || file === 'string.mjs' ? `${task(file, source)}#foo` : task(file, source);
    const run = await runCli(['evaluate', '--task', spec, '--dataset', dataset, '--no-store'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/has no (export|default)/);
  });

  it('a missing export is still reported as missing', async () => {
    const run = await runCli(['evaluate', '--task', `${task('missing.mjs', 'export const bar = () => 1;')}#foo`, '--dataset', dataset, '--no-store'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/has no export "foo" that is a function \(it exports: bar\)/);
  });
});

describe('a task module that throws something unreadable, and run details storage could not use', () => {
  it('names the module that failed to load when its thrown value cannot be read', async () => {
    const file = task('throws.mjs', 'throw { get message() { throw new Error("getter threw"); }, get code() { throw new Error("code threw"); } };');
    const run = await runCli(['evaluate', '--task', file, '--dataset', dataset, '--no-store'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`--task: loading .*throws\\.mjs failed: \\[unreadable thrown value\\]`));
  });

  it.each<[string, string[], RegExp]>([
    ['a blank --created-by', ['--created-by', '  '], /--created-by must name who ran it/],
    ['a --tag holding a comma', ['--tag', 'a,b'], /--tag "a,b" holds a comma: give one tag per --tag, repeated \(--tag a --tag b\)/],
  ])('refuses %s before the run starts (exit 2)', async (_, args, message) => {
    const run = await runCli(['evaluate', '--task', task('ok.mjs', 'export default (x) => String(x);'), '--dataset', dataset, '--no-store', ...args], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
