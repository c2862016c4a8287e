import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// A dataset whose expected values sit under another name ("answer" in JSONL, a question,answer CSV) scored 0 on every
// item with exact_match and said nothing. evaluate now warns on stderr, once per problem, before the run starts.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-dataset-warnings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default (x) => x;\n');

function file(name: string, content: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('evaluate with a misnamed expected field', () => {
  it('JSONL with "answer": warns once that it is ignored and that nothing has an expected value; --json stays JSON', async () => {
    const dataset = file('answer.jsonl', Array.from({ length: 50 }, (_, i) => JSON.stringify({ input: `q${i}`, answer: `a${i}` })).join('\n'));
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totalItems).toBe(50);
    const ignored = `llm-eval: warning: ${dataset}: "answer" is not a dataset field and is ignored (every item has it); did you mean "expected"? Fields: id, input, expected (or expected_output), metadata.\n`;
    expect(count(r.stderr, ignored)).toBe(1);
    expect(count(r.stderr, `llm-eval: warning: ${dataset}: no item has an expected value, so exact_match compares every output with nothing`)).toBe(1);
  });

  it('CSV question,answer: warns that "answer" became part of the input', async () => {
    const dataset = file('qa.csv', 'question,answer\nWhat is 2+2?,4\nWhat is 3+3?,6\n');
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`llm-eval: warning: ${dataset}: the column "answer" became part of each item's input (without an "input" column every other column is the input); did you mean "expected"?`);
    expect(r.stderr).toContain('no item has an expected value');
  });

  it('CSV without an "input" column: names the columns that became the input and how to name the input column', async () => {
    const dataset = file('question.csv', 'question,context,expected\nWhat is 2+2?,maths,4\n');
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store'], { cwd: dir });
    expect(r.code).toBe(0);
    const warnings = r.stderr.split('\n').filter((line) => line.startsWith('llm-eval: warning: '));
    expect(warnings).toEqual([
      `llm-eval: warning: ${dataset}: the CSV has no "input" column, so the columns "question", "context" became each item's input (as an object: {"question": …, "context": …}); name the column that holds the input "input" to pass its value alone. Columns: id, input, expected (or expected_output), metadata.`,
    ]);
  });

  it('a field name with a line feed stays on its warning line', async () => {
    const dataset = file('line-feed.jsonl', `${JSON.stringify({ input: 'a', expected: 'a', 'an\nswer': 'a' })}\n`);
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store'], { cwd: dir });
    expect(r.code).toBe(0);
    const warning = r.stderr.split('\n').filter((line) => line.includes('is not a dataset field'));
    expect(warning).toEqual([`llm-eval: warning: ${dataset}: "an␊swer" is not a dataset field and is ignored (every item has it); put it inside "input" or "metadata" to keep it. Fields: id, input, expected (or expected_output), metadata.`]);
  });

  it('says nothing about a well-formed dataset, or about expected values a metric does not use', async () => {
    const good = file('good.jsonl', '{"input":"a","expected":"a"}\n');
    const r = await runCli(['evaluate', '--task', task, '--dataset', good, '--no-store'], { cwd: dir });
    expect(r.stderr).not.toContain('warning');
    const noExpected = file('plain.jsonl', '{"input":"{}"}\n');
    const valid = await runCli(['evaluate', '--task', task, '--dataset', noExpected, '--metrics', 'json_valid', '--no-store'], { cwd: dir });
    expect(valid.stderr).not.toContain('warning');
  });
});
