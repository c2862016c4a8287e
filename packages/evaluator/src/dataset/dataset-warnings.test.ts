import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Evaluator } from '../run/evaluator';
import type { ProgressEvent } from '../run/progress';
import { suggestField } from './dataset-warnings';
import { prepareDataset } from './prepare-dataset';
import { datasetWarnings } from './run-warnings';

// A dataset whose expected values sit under another name ("answer") once scored 0 on every item without a word: the
// field was ignored. Such fields, CSV columns that became part of the input, and a dataset without a single expected
// value (scored by a metric that compares with it) are now reported: by prepareDataset, and as `warning` events
// before the run starts. The library reports; it prints nothing.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-dataset-warnings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

const FIELDS = 'Fields: id, input, expected (or expected_output), metadata.';

describe('prepareDataset warnings', () => {
  it('names a JSONL field that is ignored once, with the field it probably meant', async () => {
    const jsonl = file('answer.jsonl', '{"input":"2+2","answer":"4"}\n{"input":"3+3","answer":"6"}\n');
    const ds = await prepareDataset(jsonl);
    expect(ds.warnings).toEqual([
      {
        code: 'unknown-field',
        field: 'answer',
        suggestion: 'expected',
        message: `${jsonl}: "answer" is not a dataset field and is ignored (every item has it); did you mean "expected"? ${FIELDS}`,
      },
    ]);
    expect(ds.itemsWithExpected).toBe(0);
  });

  it('names a CSV column that became part of the input when there is no "input" column', async () => {
    const csv = file('qa.csv', 'question,answer\nWhat is 2+2?,4\n');
    const ds = await prepareDataset(csv);
    expect(ds.warnings).toHaveLength(2);
    expect(ds.warnings[0]).toEqual({
      code: 'unknown-field',
      message: `${csv}: the CSV has no "input" column, so the columns "question", "answer" became each item's input (as an object: {"question": …, "answer": …}); name the column that holds the input "input" to pass its value alone. Columns: id, input, expected (or expected_output), metadata.`,
    });
    const single = file('single.csv', 'question,expected\nWhat is 2+2?,4\n');
    expect((await prepareDataset(single)).warnings).toEqual([
      {
        code: 'unknown-field',
        field: 'question',
        message: `${single}: the CSV has no "input" column, so the column "question" became each item's input (as an object: {"question": …}); name it "input" to pass its value alone. Columns: id, input, expected (or expected_output), metadata.`,
      },
    ]);
    expect(ds.warnings[1]).toMatchObject({ code: 'unknown-field', field: 'answer', suggestion: 'expected' });
    expect(ds.warnings[1]!.message).toBe(
      `${csv}: the column "answer" became part of each item's input (without an "input" column every other column is the input); did you mean "expected"? Columns: id, input, expected (or expected_output), metadata.`,
    );
    expect(ds.itemsWithExpected).toBe(0);
  });

  // The README promised every CSV column that became part of the input is reported; only those that looked like the
  // expected value were, so a CSV of question,context (no "input" column) ran with an object input without a word.
  it('names every CSV column that became the input, and how to name the input column', async () => {
    const csv = file('question.csv', 'question,context,expected\nWhat is 2+2?,maths,4\n');
    const ds = await prepareDataset(csv);
    expect(ds.warnings).toEqual([
      {
        code: 'unknown-field',
        message: `${csv}: the CSV has no "input" column, so the columns "question", "context" became each item's input (as an object: {"question": …, "context": …}); name the column that holds the input "input" to pass its value alone. Columns: id, input, expected (or expected_output), metadata.`,
      },
    ]);
    expect(ds.itemsWithExpected).toBe(1);
    const wide = file('wide.csv', 'a,b,c,d,e,f,g,expected\n1,2,3,4,5,6,7,x\n');
    expect((await prepareDataset(wide)).warnings.map((w) => w.message)).toEqual([
      `${wide}: the CSV has no "input" column, so the columns "a", "b", "c", "d", "e" and 2 more became each item's input (as an object: {"a": …, "b": …, "c": …, "d": …, "e": …, …}); name the column that holds the input "input" to pass its value alone. Columns: id, input, expected (or expected_output), metadata.`,
    ]);
    expect((await prepareDataset(file('input.csv', 'id,input,expected\na,1,1\n'))).warnings).toEqual([]);
  });

  it('names CSV columns that are ignored next to an "input" column, and counts the items that have them', async () => {
    const csv = file('notes.csv', 'input,expected,notes\na,A,first\nb,B,\n');
    const ds = await prepareDataset(csv);
    expect(ds.warnings.map((w) => w.message)).toEqual([
      `${csv}: "notes" is not a dataset field and is ignored (every item has it); put it inside "input" or "metadata" to keep it. ${FIELDS}`,
    ]);
    expect(ds.itemsWithExpected).toBe(2);
  });

  it('looks at items given as an array, and says nothing about a well-formed dataset', async () => {
    const ds = await prepareDataset([{ input: 1, expected_output: 1 }, { input: 2, Expected: 2 }] as never);
    expect(ds.warnings).toEqual([
      expect.objectContaining({ field: 'Expected', suggestion: 'expected', message: expect.stringContaining('"Expected" is not a dataset field and is ignored (1 of 2 items have it)') }),
    ]);
    expect(ds.itemsWithExpected).toBe(1);
    const good = await prepareDataset(file('good.jsonl', '{"id":"a","input":1,"expected":1,"metadata":{"k":1}}\n'));
    expect(good.warnings).toEqual([]);
    expect(good.itemsWithExpected).toBe(1);
  });

  it('suggests the field a misspelling, another spelling or a synonym meant, and nothing for unrelated names', () => {
    expect(['answer', 'target', 'label', 'ground_truth', 'expectedOutput', 'expcted', 'Input', 'inputs', 'metdata'].map(suggestField)).toEqual([
      'expected',
      'expected',
      'expected',
      'expected',
      'expected_output',
      'expected',
      'input',
      'input',
      'metadata',
    ]);
    expect(['q', 'notes', 'context', 'tags'].map(suggestField)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('Evaluator dataset warnings', () => {
  async function warningsOf(dataset: string | unknown[], metrics: unknown[]): Promise<string[]> {
    const events: ProgressEvent[] = [];
    await new Evaluator({ task: (x: unknown) => x, dataset: dataset as never, metrics: metrics as never, config: { storeRuns: false } }).run({
      onProgress: (event) => events.push(event),
    });
    const started = events.findIndex((e) => e.type === 'started');
    // Every warning comes before the run starts.
    expect(events.slice(started).some((e) => e.type === 'warning')).toBe(false);
    return events.flatMap((e) => (e.type === 'warning' ? [e.warning.message] : []));
  }

  it('warns when no item has an expected value and a metric compares with it, naming those metrics', async () => {
    const jsonl = file('no-expected.jsonl', '{"input":"a","answer":"a"}\n');
    const messages = await warningsOf(jsonl, ['exact_match', 'json_valid', 'fuzzy_match']);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('"answer" is not a dataset field');
    expect(messages[1]).toBe(
      `${jsonl}: no item has an expected value, so exact_match, fuzzy_match compare every output with nothing; give each item "expected" (or "expected_output").`,
    );
  });

  it('does not warn about expected values for metrics that do not use them, or a custom metric', async () => {
    expect(await warningsOf([{ input: 'a' }], ['json_valid', 'response_time', (output: unknown) => output === 'a'])).toEqual([]);
    expect(await warningsOf([{ input: 'a', expected: 'a' }], ['exact_match'])).toEqual([]);
  });

  it('emits exactly the list datasetWarnings builds for the prepared dataset and the metrics (the list a distributed run tells)', async () => {
    const jsonl = file('helper.jsonl', '{"input":"a","answer":"a","notes":"x"}\n{"input":"b","target":"b"}\n');
    const metrics = ['exact_match', 'json_valid', 'token_f1'];
    const built = datasetWarnings(await prepareDataset(jsonl), metrics);
    expect(built.map((w) => w.code)).toEqual(['unknown-field', 'unknown-field', 'unknown-field', 'no-expected']);
    expect(await warningsOf(jsonl, metrics)).toEqual(built.map((w) => w.message));
    // No metric that compares: only the fields; a stream is not looked at up front.
    expect(datasetWarnings(await prepareDataset(jsonl), ['json_valid']).map((w) => w.code)).toEqual(['unknown-field', 'unknown-field', 'unknown-field']);
    expect(datasetWarnings(await prepareDataset((function* () { yield { input: 1, answer: 1 }; })() as never), metrics)).toEqual([]);
  });
});
