import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// A --dataset that is not there, a folder or a .txt file was exit 1 with Node's raw ENOENT text, while a missing
// --task was exit 2: every one is a usage error now (the README's exit-code table), said in words, before the task loads.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-missing-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, '{"input":"a","expected":"a"}\n');
const loaded = path.join(dir, 'loaded');
const task = path.join(dir, 'task.mjs');
writeFileSync(task, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(loaded)}, 'yes');\nexport default (x) => x;\n`);
const text = path.join(dir, 'qa.txt');
writeFileSync(text, 'a\n');
mkdirSync(path.join(dir, 'folder.jsonl'));

describe('evaluate with a dataset or task file it cannot use', () => {
  it.each([
    ['a missing --dataset', ['--task', task, '--dataset', 'nope.jsonl'], `llm-eval: --dataset: no such file: ${path.join(dir, 'nope.jsonl')}\n`],
    ['a .txt --dataset', ['--task', task, '--dataset', 'qa.txt'], `llm-eval: --dataset: ${text}: ".txt" is not a dataset format; use .jsonl, .json or .csv.\n`],
    ['a folder as --dataset', ['--task', task, '--dataset', 'folder.jsonl'], `llm-eval: --dataset: ${path.join(dir, 'folder.jsonl')} is a folder, not a dataset file.\n`],
    ['a missing --task', ['--task', './nope.mjs', '--dataset', dataset], `llm-eval: --task: no such file: ${path.join(dir, 'nope.mjs')}\n`],
  ])('%s: exit 2, one line in words, before the task loads', async (_what, args, message) => {
    const r = await runCli(['evaluate', ...args, '--no-store'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
    expect(r.stderr).not.toContain('ENOENT');
    expect(r.stdout).toBe('');
    expect(existsSync(loaded)).toBe(false);
  });
});

// `--dataset -` read "-" as an unknown argument ("Unknown argument: -"); a dataset is read from a file only (its
// format comes from its extension), so the message says so, whether "-" is given apart or as --dataset=-.
describe('evaluate --dataset - (stdin)', () => {
  const DATASET = '--dataset needs a file path; reading a dataset from stdin ("-") is not supported: save it to a .jsonl, .json or .csv file and give its path.';
  it.each([
    ['--dataset -', ['--task', task, '--dataset', '-'], `llm-eval: ${DATASET}\nRun llm-eval evaluate --help for usage.\n`],
    ['--dataset=-', ['--task', task, '--dataset=-'], `llm-eval: ${DATASET}\n`],
    ['--task -', ['--task', '-', '--dataset', dataset], 'llm-eval: --task needs a file path; reading a module from stdin ("-") is not supported.\nRun llm-eval evaluate --help for usage.\n'],
  ])('%s: exit 2, saying stdin is not read', async (_what, args, message) => {
    const r = await runCli(['evaluate', ...args, '--no-store'], { cwd: dir });
    expect(r.stderr).toBe(message);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(existsSync(loaded)).toBe(false);
  });
});
