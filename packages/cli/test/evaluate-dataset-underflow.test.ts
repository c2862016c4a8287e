import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// A dataset number too small for a double (1e-400) was read as 0 and evaluated as 0 without a word. evaluate now names
// it on stderr with the other inexact-number warnings, before the run starts, and still runs every item.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-dataset-underflow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default (x) => x;\n');

function file(name: string, content: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

describe('evaluate with a dataset number too small for a double', () => {
  it('warns once, naming the line, the field, the number as written and as read', async () => {
    const dataset = file('small.jsonl', '{"id":"a","input":"x","expected":"x"}\n{"id":"b","input":{"p":1e-400},"expected":"y"}\n');
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totalItems).toBe(2);
    const warning =
      `llm-eval: warning: ${dataset}: 1 item holds a number that JSON cannot read as written: line 2 "input.p" 1e-400 reads as 0 ` +
      '(too small for a number, whose smallest is about 5e-324); the task, the metrics and the stored items see the value read. ' +
      'Write such a value as a string (e.g. "1e400") to keep it as written.\n';
    expect(r.stderr.split(warning).length - 1).toBe(1);
  });

  it('in a .json file, warns naming the item by index and id (escaped) in place of a line', async () => {
    const dataset = file('small.json', JSON.stringify({ items: [{ id: 'a', input: 'x' }, { id: 'b\u001b[2J', input: 'P' }, { input: 'Q' }] }).replace('"P"', '{"p":1e-400}').replace('"Q"', '12345678901234567891'));
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totalItems).toBe(3);
    const warning =
      `llm-eval: warning: ${dataset}: 2 items hold numbers that JSON cannot read as written: item 1 (id "b\\u001b[2J") "input.p" 1e-400 reads as 0 ` +
      '(too small for a number, whose smallest is about 5e-324), item 2 "input" reads as 12345678901234567000 (more digits than a number keeps); ' +
      'the task, the metrics and the stored items see the value read. Write such a value as a string (e.g. "1e400") to keep it as written.\n';
    expect(r.stderr.split(warning).length - 1).toBe(1);
    expect(r.stderr).not.toContain('\u001b');
  });

  it('says nothing about small numbers read as written', async () => {
    const dataset = file('exact.jsonl', '{"input":{"a":1e-300,"b":0e-5,"c":-0,"d":0.1,"e":1.0,"f":5e-324},"expected":"x"}\n');
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('warning');
  });
});
