import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareDataset } from './prepare-dataset';

// JSON.parse reads 1e-400 as 0 and 2.5e-324 as 5e-324 without a word: the task, the metrics and the stored item saw
// another value than the file's, and no `inexact-number` warning said so (it named only 1e400 and lost digits).
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-underflow-numbers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

const WHY = 'too small for a number, whose smallest is about 5e-324';

describe('reading a dataset with numbers too small for a double', () => {
  it('warns about a JSONL file, naming the line, the field, the number as written and as read', async () => {
    const jsonl = file(
      'small.jsonl',
      '{"id":"a","input":"x","expected":1e-400}\n{"id":"b","input":{"n":[1,-1e-400]},"expected":"y"}\n{"id":"c","input":"z","metadata":{"w":2.5e-324}}\n',
    );
    const ds = await prepareDataset(jsonl);
    expect(ds.warnings).toEqual([
      {
        code: 'inexact-number',
        field: 'expected',
        message:
          `${jsonl}: 3 items hold numbers that JSON cannot read as written: line 1 "expected" 1e-400 reads as 0 (${WHY}), ` +
          `line 2 "input.n[1]" -1e-400 reads as 0 (${WHY}), line 3 "metadata.w" 2.5e-324 reads as 5e-324 (${WHY}); ` +
          'the task, the metrics and the stored items see the value read. Write such a value as a string (e.g. "1e400") to keep it as written.',
      },
    ]);
  });

  it('names an underflow with the other inexact numbers of the same item', async () => {
    const jsonl = file('mixed.jsonl', '{"id":"a","input":{"big":1e400,"small":1E-999}}\n');
    const [warning] = (await prepareDataset(jsonl)).warnings;
    expect(warning!.message).toContain(
      `1 item holds a number that JSON cannot read as written: line 1 "input.big" reads as Infinity (too large for a number), line 1 "input.small" 1E-999 reads as 0 (${WHY});`,
    );
  });

  it('warns about a .json file (top-level array or "items"), naming the item and the field in it', async () => {
    const array = file('small.json', '[{"id":"a","input":"x"},{"id":"b","input":"y","expected":[0, 1e-500]}]');
    expect((await prepareDataset(array)).warnings[0]!.message).toContain(
      `1 item holds a number that JSON cannot read as written: item 1 (id "b") "expected[1]" 1e-500 reads as 0 (${WHY});`,
    );
    const items = file('items.json', '{"note":1e-400,"items":[{"id":"a","input":{"x":1e-400}},{"id":"b","input":{"x":1e-400}}]}');
    expect((await prepareDataset(items)).warnings[0]!.message).toContain(
      `2 items hold numbers that JSON cannot read as written: item 0 (id "a") "input.x" 1e-400 reads as 0 (${WHY}), item 1 (id "b") "input.x" 1e-400 reads as 0 (${WHY});`,
    );
  });

  it('warns about a subnormal written with more digits than it keeps, and names a long one shortened', async () => {
    const long = `1.${'2'.repeat(50)}e-320`;
    const jsonl = file('digits.jsonl', `{"input":1.23456789012345e-320}\n{"input":${long}}\n`);
    expect((await prepareDataset(jsonl)).warnings[0]!.message).toContain(
      `2 items hold numbers that JSON cannot read as written: line 1 "input" 1.23456789012345e-320 reads as ${1.23456789012345e-320} (${WHY}), ` +
        `line 2 "input" 1.22222222222222…222e-320 reads as ${Number(long)} (${WHY});`,
    );
    const zeros = file('zeros.jsonl', `{"input":{"a":[0.${'0'.repeat(399)}1]}}\n`);
    expect((await prepareDataset(zeros)).warnings[0]!.message).toContain(`line 1 "input.a[0]" 0.00000000000000…00000001 reads as 0 (${WHY});`);
  });

  it('says nothing about numbers that read as written, or as JSON.stringify wrote them', async () => {
    const exact = ['0.1', '1e-300', '0e-5', '0E-500', '-0', '1.0', '0.0e-400', '2.2250738585072014e-308', '4.9e-324', '5e-324', '4.9406564584124654e-324', '4.94065645841246544176568792868221372365e-324'];
    const written = [5e-324, 1.5e-323, -3e-320, 2.225073858507201e-308, 1e-310, 1.2345e-315, Number.MIN_VALUE * 12345].map((n) => JSON.stringify(n));
    const lines = [...exact, ...written].map((n, i) => `{"id":"${i}","input":${n},"metadata":{"n":[${n}]}}`);
    const ds = await prepareDataset(file('exact.jsonl', lines.join('\n')));
    expect(ds.warnings).toEqual([]);
    expect((await prepareDataset(file('exact.json', `[${lines.join(',')}]`))).warnings).toEqual([]);
    expect((await prepareDataset(file('text.jsonl', '{"input":"1e-400","expected":"2.5e-324"}\n'))).warnings).toEqual([]);
  });
});
