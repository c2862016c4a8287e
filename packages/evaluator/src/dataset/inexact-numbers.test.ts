import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Evaluator } from '../run/evaluator';
import type { ProgressEvent } from '../run/progress';
import { InexactNumberCheck, inexactNumberWarning, lossyIntegers } from './inexact-numbers';
import { prepareDataset } from './prepare-dataset';

// JSON.parse reads 1e400 as Infinity and 12345678901234567891 as 12345678901234567000 without a word: the task, the
// metrics and the stored item then see another value than the file's (an expected "1e400" was stored as "Infinity").
// Such numbers are now named in an `inexact-number` warning; the values are still read as JSON reads them.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-inexact-numbers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

describe('lossyIntegers', () => {
  it('finds integers written with more digits than a double keeps, as JSON.parse reads them', () => {
    expect([...lossyIntegers('{"a":12345678901234567891,"b":-98765432109876543210}')]).toEqual([12345678901234567000, -98765432109876540000]);
  });

  it('leaves alone integers a double holds exactly, however long, and digits inside fractions or exponents', () => {
    expect(lossyIntegers('{"a":100000000000000000000,"b":9007199254740991,"c":0.12345678901234567891,"d":1e12345678901234567}').size).toBe(0);
    expect(lossyIntegers('{"a":1234567890123456}').size).toBe(0);
  });

  it('leaves alone an integer as JSON.stringify writes it, which reads back as written', () => {
    // 12345678901234567891 reads as the double JSON.stringify writes as 12345678901234567000 (its exact value is
    // 12345678901234567168): a dataset written by JavaScript holds the latter and loses nothing.
    expect(JSON.stringify(12345678901234567891)).toBe('12345678901234567000');
    expect(lossyIntegers('{"a":12345678901234567000,"b":-98765432109876540000}').size).toBe(0);
  });
});

describe('InexactNumberCheck', () => {
  function check(lines: string[]): InexactNumberCheck {
    const numbers = new InexactNumberCheck();
    lines.forEach((line, i) => numbers.entry(JSON.parse(line), i + 1, line));
    return numbers;
  }

  it('names overflow and lost digits with where they are, skipping the id', () => {
    const numbers = check([
      '{"id":"a","input":"x","expected":1e400}',
      '{"id":"b","input":{"n":[1,-1e999]},"metadata":{"big":12345678901234567891}}',
      '{"id":"c","input":"What is 1e400? 12345678901234567891","expected":"1e400"}',
    ]);
    expect(numbers.entries).toBe(2);
    expect(numbers.named).toEqual([
      { line: 1, path: 'expected', readAs: 'Infinity', kind: 'overflow' },
      { line: 2, path: 'input.n[1]', readAs: '-Infinity', kind: 'overflow' },
      { line: 2, path: 'metadata.big', readAs: '12345678901234567000', kind: 'digits' },
    ]);
  });

  it('finds nothing in numbers that read as written, nor in look-alike text inside strings', () => {
    const numbers = check(['{"input":"12345678901234567891","expected":100000000000000000000}', '{"input":1.5e300,"expected":9007199254740991}']);
    expect(numbers.entries).toBe(0);
    expect(inexactNumberWarning('d.jsonl', numbers)).toBeUndefined();
  });

  it('names three at most and counts the items', () => {
    const numbers = check(Array.from({ length: 5 }, (_, i) => `{"id":"${i}","expected":1e999}`));
    const warning = inexactNumberWarning('d.jsonl', numbers)!;
    expect(numbers.entries).toBe(5);
    expect(warning.message).toBe(
      'd.jsonl: 5 items hold numbers that JSON cannot read as written: line 1 "expected" reads as Infinity (too large for a number), ' +
        'line 2 "expected" reads as Infinity (too large for a number), line 3 "expected" reads as Infinity (too large for a number), …; ' +
        'the task, the metrics and the stored items see the value read. Write such a value as a string (e.g. "1e400") to keep it as written.',
    );
    expect(warning.field).toBe('expected');
  });
});

describe('prepareDataset and the Evaluator', () => {
  it('warn about a JSONL file with such numbers, and still run every item as JSON reads it', async () => {
    const jsonl = file('big.jsonl', '{"id":"a","input":"x","expected":1e400}\n{"id":"b","input":{"n":12345678901234567891},"expected":"y"}\n{"id":"c","input":"z"}\n');
    const ds = await prepareDataset(jsonl);
    expect(ds.warnings).toEqual([
      {
        code: 'inexact-number',
        field: 'expected',
        message:
          `${jsonl}: 2 items hold numbers that JSON cannot read as written: line 1 "expected" reads as Infinity (too large for a number), ` +
          'line 2 "input.n" reads as 12345678901234567000 (more digits than a number keeps); the task, the metrics and the stored items ' +
          'see the value read. Write such a value as a string (e.g. "1e400") to keep it as written.',
      },
    ]);
    const events: ProgressEvent[] = [];
    const seen: unknown[] = [];
    const result = await new Evaluator({
      task: (input) => {
        seen.push(input);
        return 'x';
      },
      dataset: jsonl,
      metrics: ['exact_match'],
      config: { storeRuns: false },
    }).run({ onProgress: (event) => events.push(event) });
    expect(result.totalItems).toBe(3);
    expect(seen).toContainEqual({ n: 12345678901234567000 });
    const warnings = events.filter((e) => e.type === 'warning');
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0])).toContain('inexact-number');
  });

  it('warn about a .json file, looking at its text once', async () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({ id: `q${i}`, input: `${i}`, expected: `${i}` }));
    const text = JSON.stringify(items).replace('"expected":"7"', '"expected":98765432109876543210');
    const json = file('big.json', text);
    const ds = await prepareDataset(json);
    expect(ds.warnings.map((w) => w.code)).toEqual(['inexact-number']);
    expect(ds.warnings[0]!.message).toContain('1 item holds a number that JSON cannot read as written: item 7 (id "q7") "expected" reads as 98765432109876540000 (more digits than a number keeps)');
  });

  it('say nothing about a dataset without such numbers, nor about a CSV file (its cells are text)', async () => {
    expect((await prepareDataset(file('plain.jsonl', '{"input":"1e400","expected":"12345678901234567891"}\n'))).warnings).toEqual([]);
    expect((await prepareDataset(file('plain.csv', 'input,expected\n1e400,12345678901234567891\n'))).warnings).toEqual([]);
  });
});

// In a .json file (an array, or an object with "items") the warning named the field but not the item: with many items
// holding "input.x", which one held 1e-400 was left to guess. JSONL names the line; .json now names the item: its
// index (as item errors and the default id item_<index> count) and its id when it has one.
describe('a .json dataset warning names the item', () => {
  const WHY_SMALL = 'too small for a number, whose smallest is about 5e-324';

  it('by index and id in a top-level array; by index alone for an item without an id', async () => {
    const json = file(
      'named-items.json',
      '[{"id":"a","input":"x"},{"id":"b","input":"y","expected":[0,1e-500]},{"input":{"n":12345678901234567891}},{"id":"","input":1e400}]',
    );
    const [warning] = (await prepareDataset(json)).warnings;
    expect(warning).toEqual({
      code: 'inexact-number',
      field: 'expected[1]',
      message:
        `${json}: 3 items hold numbers that JSON cannot read as written: item 1 (id "b") "expected[1]" 1e-500 reads as 0 (${WHY_SMALL}), ` +
        'item 2 "input.n" reads as 12345678901234567000 (more digits than a number keeps), item 3 "input" reads as Infinity (too large for a number); ' +
        'the task, the metrics and the stored items see the value read. Write such a value as a string (e.g. "1e400") to keep it as written.',
    });
  });

  it('inside "items", with a numeric id, and an id quoted safely (control characters escaped, a long one cut)', async () => {
    const longId = `q${'x'.repeat(200)}`;
    const json = file(
      'items-named.json',
      JSON.stringify({ items: [{ id: 7, input: 'a' }, { id: 8, input: 'b' }, { id: 'new\nline\u001b[31m', input: 'c' }, { id: longId, input: 'd' }] })
        .replace('"input":"b"', '"input":{"x":1e-400}')
        .replace('"input":"c"', '"input":{"x":1e-400}')
        .replace('"input":"d"', '"input":{"x":1e-400}'),
    );
    const message = (await prepareDataset(json)).warnings[0]!.message;
    expect(message).toContain(
      `3 items hold numbers that JSON cannot read as written: item 1 (id "8") "input.x" 1e-400 reads as 0 (${WHY_SMALL}), ` +
        `item 2 (id "new\\nline\\u001b[31m") "input.x" 1e-400 reads as 0 (${WHY_SMALL}), item 3 (id "q${'x'.repeat(29)}…") "input.x"`,
    );
    expect(message).not.toMatch(/[\n\u001b]/);
  });

  it('leaves a JSONL warning naming the line, as before', async () => {
    const jsonl = file('lines.jsonl', '{"id":"a","input":"x"}\n{"id":"b","input":{"p":1e-400}}\n');
    expect((await prepareDataset(jsonl)).warnings[0]!.message).toContain(`1 item holds a number that JSON cannot read as written: line 2 "input.p" 1e-400 reads as 0 (${WHY_SMALL});`);
  });
});
