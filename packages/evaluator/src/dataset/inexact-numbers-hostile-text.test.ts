import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { enableLinearRegExpFallback } from '../metrics/linear-fallback';
import { parseExportText } from '../migrate/migrate-from-result';
import { parseWarningsOf } from '../migrate/parse-warnings';
import { lossyIntegers, mayHoldInexactNumbers, underflowingNumbers } from './inexact-numbers';
import { prepareDataset } from './prepare-dataset';

// A dataset line holding many NULs or emoji (`\u0000`, `\ud83d\ude00` in its JSON) took microseconds a character to
// read: the test for numbers JSON reads otherwise than written ran on V8's slow linear regular-expression engine once
// the `regex` metric had switched it on. These pin what is found (and what is not) in such text, as the regular
// expressions found it, with V8 in the state the CLI runs it in.
enableLinearRegExpFallback();

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-inexact-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

/** The patterns the text was tested with, as written before: the answers must stay theirs. */
const SUSPECT = /\d{16}|[eE][+-]?\d{3}/;

/** A small deterministic generator, so a failure names a string that can be made again. */
function strings(count: number, alphabet: readonly string[], maxLength: number): string[] {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let s = '';
    for (let len = next() % maxLength; len > 0; len--) s += alphabet[next() % alphabet.length];
    out.push(s);
  }
  return out;
}

const HOSTILE = ['0', '1', '9', 'e', 'E', '+', '-', '.', 'a', '\u0000', '\\u0000', '\ud83d', '\ude00', '😀', '\ufffd', '\ufdd0', '\u0661', '\uff10', '"', '\\'];

describe('the test for text that may hold a number read otherwise than written', () => {
  it.each([
    ['1234567890123456', true],
    ['123456789012345', false],
    ['123456789012345\u00006', false],
    ['1e400', true],
    ['1E-400', true],
    ['1e+400', true],
    ['1e+-400', false],
    ['1e40', false],
    ['e00e000', true],
    ['\\u0000'.repeat(10), false],
    ['\\ud83d\\ude00', false],
    ['\\ud83d\\ude000', true],
    ['\u0661'.repeat(20), false],
    ['\uff10'.repeat(20), false],
    ['\ufdd0\ufffd\ud83d', false],
    ['', false],
  ])('answers for %j: %s', (text, expected) => {
    expect(mayHoldInexactNumbers(text)).toBe(expected);
  });

  it('answers as the regular expression did on strings of digits, exponents, NULs, surrogates and escapes', () => {
    for (const text of strings(20_000, HOSTILE, 40)) expect([text, mayHoldInexactNumbers(text)]).toEqual([text, SUSPECT.test(text)]);
    for (const text of strings(5_000, ['0', '1', 'e', 'E', '-', '+', 'x'], 30)) expect([text, mayHoldInexactNumbers(text)]).toEqual([text, SUSPECT.test(text)]);
  });

  it('finds a number after megabytes of NUL and emoji escapes, and none where there is none', () => {
    const escapes = '"ab\\u0000\\ud83d\\ude00'.repeat(200_000);
    expect(mayHoldInexactNumbers(escapes)).toBe(false);
    expect(mayHoldInexactNumbers(`${escapes}1e400`)).toBe(true);
    expect(mayHoldInexactNumbers(`${escapes}1234567890123456`)).toBe(true);
    // After `\ude00` digits would make an exponent: the quote ends the escapes' string first.
    expect(mayHoldInexactNumbers(`${escapes}"123456789012345`)).toBe(false);
    expect(mayHoldInexactNumbers(`${escapes}1`)).toBe(true);
  });

  it('keeps what lossyIntegers and underflowingNumbers find in such text', () => {
    const escapes = 'abcd\\u0000'.repeat(200_000);
    expect([...lossyIntegers(`{"a":"${escapes}","b":12345678901234567891}`)]).toEqual([12345678901234567000]);
    expect([...lossyIntegers(`{"a":"${escapes}","b":1e400}`)]).toEqual([]);
    expect(underflowingNumbers(`{"a":"${escapes}","b":[1,1e-400]}`)).toEqual([{ path: ['b', '1'], written: '1e-400', readAs: '0' }]);
    expect(underflowingNumbers(`{"a":"${escapes}","b":1e400,"c":"0000000000000000"}`)).toEqual([]);
    expect(underflowingNumbers(`{"a":"${escapes}","b":0.0000000000000000}`)).toEqual([]);
  });
});

describe('reading a dataset line of a million NULs and emoji', () => {
  const value = 'ab\u0000😀'.repeat(250_000);
  const line = (extra: string) => `${JSON.stringify({ id: 'g', input: { q: value }, expected: 'x' }).slice(0, -1)}${extra}}\n`;

  it('reads the value whole and warns of nothing', async () => {
    const ds = await prepareDataset(file('esc.jsonl', line('')));
    expect(ds.warnings).toEqual([]);
    const items = [];
    for await (const item of ds.items()) items.push(item);
    expect(items).toHaveLength(1);
    expect((items[0]!.input as { q: string }).q).toBe(value);
  });

  it('still names a number read otherwise than written after it', async () => {
    const jsonl = file('esc-numbers.jsonl', line(',"metadata":{"big":1e400,"long":12345678901234567891,"small":1e-400}'));
    const ds = await prepareDataset(jsonl);
    expect(ds.warnings).toEqual([
      {
        code: 'inexact-number',
        field: 'metadata.big',
        message:
          `${jsonl}: 1 item holds a number that JSON cannot read as written: line 1 "metadata.big" reads as Infinity (too large for a number), ` +
          'line 1 "metadata.long" reads as 12345678901234567000 (more digits than a number keeps), ' +
          'line 1 "metadata.small" 1e-400 reads as 0 (too small for a number, whose smallest is about 5e-324); ' +
          'the task, the metrics and the stored items see the value read. Write such a value as a string (e.g. "1e400") to keep it as written.',
      },
    ]);
  });
});

describe('importing an export whose values hold a million NULs and emoji', () => {
  const output = JSON.stringify('abcd\u0000😀'.repeat(250_000));
  const exportText = (metadata: string) =>
    `{"run_name":"r","start_time":"2026-04-01T08:00:00Z","metrics":["m"],` +
    `"results":{"q1":{"output":${output},"success":true,"scores":{"m":1},"metadata":${metadata}}},` +
    `"llm_eval":{"format":"llm-eval.export","version":1,"status":"completed","item_order":["q1"]}}`;

  it('warns of nothing when every number reads as written', () => {
    const data = parseExportText(exportText('{"p":1e-300,"n":123456789012345}'), { format: 'json' });
    expect(data.results.q1!.output).toBe(JSON.parse(output));
    expect(parseWarningsOf(data)).toEqual([]);
  });

  it('names a number too small for a double after them', () => {
    const data = parseExportText(exportText('{"p":1e-400}'), { format: 'json' });
    expect(parseWarningsOf(data)).toEqual([
      '1 number is not stored as written: item "q1", field "metadata" (at results.q1.metadata.p): 1e-400 reads as 0 ' +
        '(too small for a 64-bit float, whose smallest is about 5e-324). The value read is stored; write such a number as a ' +
        'string (e.g. "1e-400") to keep it as written, and import the file again',
    ]);
  });
});
