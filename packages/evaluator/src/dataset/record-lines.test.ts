import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatasetError } from '../errors';
import { prepareDataset } from './prepare-dataset';

// Every message about a record of a dataset file names the line the record starts on, as editors count lines: "\r\n",
// "\n" and a lone "\r" each end one line, a byte-order mark is no line, and blank lines count.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-record-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(ext: string, content: string): string {
  const full = path.join(dir, `d${files++}.${ext}`);
  writeFileSync(full, content);
  return full;
}

async function failure(source: string): Promise<DatasetError> {
  const error = await prepareDataset(source).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  return error as DatasetError;
}

/** `where`: the lines the duplicate and its first occurrence start on. */
const duplicateCsv: [string, string, { line: number; first: number }][] = [
  ['LF', 'id,input,expected\nc1,a,A\nc2,b,B\nc1,c,C\n', { line: 4, first: 2 }],
  ['CRLF', 'id,input,expected\r\nc1,a,A\r\nc2,b,B\r\nc1,c,C\r\n', { line: 4, first: 2 }],
  ['lone CR', 'id,input,expected\rc1,a,A\rc2,b,B\rc1,c,C\r', { line: 4, first: 2 }],
  ['a quoted LF', 'id,input,expected\nc1,"x\ny",A\nc2,b,B\nc1,c,C\n', { line: 5, first: 2 }],
  ['a quoted CRLF', 'id,input,expected\r\nc1,"x\r\ny",A\r\nc2,b,B\r\nc1,c,C\r\n', { line: 5, first: 2 }],
  ['a quoted CRLF in an LF file', 'id,input,expected\nc1,"x\r\ny",A\nc1,c,C\n', { line: 4, first: 2 }],
  ['a quoted lone CR', 'id,input,expected\nc1,"x\ry",A\nc1,c,C\n', { line: 4, first: 2 }],
  ['quoted line breaks in both records', 'id,input,expected\r\nc1,"x\r\n\r\ny",A\r\nc1,"p\r\nq",C\r\n', { line: 5, first: 2 }],
  ['an id holding a line break', 'id,input\n"c\n1",a\n"c\n1",b\n', { line: 4, first: 2 }],
  ['a BOM', '\uFEFFid,input,expected\r\nc1,"x\r\ny",A\r\nc1,c,C\r\n', { line: 4, first: 2 }],
  ['blank lines', '\n\nid,input,expected\n\nc1,"x\ny",A\n\n\nc1,c,C\n\n', { line: 9, first: 5 }],
  ['a BOM and blank CRLF lines', '\uFEFF\r\nid,input,expected\r\n\r\nc1,"x\r\n\r\ny",A\r\n\r\nc1,c,C\r\n', { line: 8, first: 4 }],
  ['no final line break', 'id,input,expected\r\nc1,"x\r\ny",A\r\nc1,c,C', { line: 4, first: 2 }],
  ['a quoted last record without a final line break', 'id,input,expected\nc1,a,A\nc1,"x\ny",B', { line: 3, first: 2 }],
];

describe('dataset messages name the line a record starts on', () => {
  it.each(duplicateCsv)('a duplicate id in a CSV file with %s', async (_, content, { line, first }) => {
    const csv = file('csv', content);
    const error = await failure(csv);
    expect(error.message).toMatch(new RegExp(`^${escape(csv)}:${line}: duplicate item id "c\\n?1" \\(first seen on line ${first}\\); ids must be unique$`));
    expect(error.line).toBe(line);
  });

  it('a bad value in a CSV record after quoted line breaks', async () => {
    const csv = file('csv', 'id,input,expected,metadata\r\nc1,"x\r\ny",A,{}\r\n\r\nc2,b,B,[1]\r\n');
    expect((await failure(csv)).message).toBe(`${csv}:5: item 1 has "metadata" that is not an object`);
  });

  it('a CSV record with too few cells, without the parser\'s own line count', async () => {
    const csv = file('csv', 'id,input,expected\r\nc1,"x\r\ny",A\r\nc2,b\r\nc3,c,C\r\n');
    const { message } = await failure(csv);
    expect(message).toMatch(new RegExp(`^${escape(csv)}:4: malformed CSV: `));
    expect(message).not.toMatch(/line [0-35-9]/);
  });

  it('a quoted field never closed, after quoted line breaks', async () => {
    const csv = file('csv', 'id,input,expected\r\nc1,"x\r\ny",A\r\nc2,"open,B\r\nc3,c,C\r\n');
    expect((await failure(csv)).message).toContain(`${csv}:4: malformed CSV: the quoted field opened on line 4 is never closed`);
    const lf = file('csv', 'id,input,expected\nc1,"x\r\ny",A\n\nc2,b,B\n"open,B\nc3,c,C\n');
    expect((await failure(lf)).message).toContain(`${lf}:6: malformed CSV: the quoted field opened on line 6 is never closed`);
  });

  it('a CSV header naming a column twice, after blank lines', async () => {
    const csv = file('csv', '\uFEFF\r\n\r\nid,input,input\r\nq1,a,b\r\n');
    expect((await failure(csv)).message).toMatch(/:3: the header names column "input" twice/);
  });

  it.each([
    ['lone CR', 'id,input\rq1,a\r\rq2,caf\xe9\r'],
    ['CRLF', 'id,input\r\nq1,a\r\n\r\nq2,caf\xe9\r\n'],
    ['a quoted lone CR', 'id,input\nq1,"a\rb"\nq2,caf\xe9\n'],
  ])('a byte that is not UTF-8, in a file with %s', async (_, content) => {
    const csv = file('csv', '');
    writeFileSync(csv, Buffer.from(content, 'latin1'));
    expect((await failure(csv)).message).toMatch(new RegExp(`^${escape(csv)}:4: the file is not valid UTF-8`));
  });

  it('a duplicate id in a JSONL file with a BOM, CRLF, a lone CR, blank lines and no final line break', async () => {
    const jsonl = file('jsonl', '\uFEFF{"id":"a","input":1}\r\n\r\n{"id":"b","input":2}\r{"id":"a","input":3}');
    expect((await failure(jsonl)).message).toBe(`${jsonl}:4: duplicate item id "a" (first seen on line 1); ids must be unique`);
    const lf = file('jsonl', '\n{"id":"a","input":1}\n\n{"id":"a","input":3}\n\n');
    expect((await failure(lf)).message).toBe(`${lf}:4: duplicate item id "a" (first seen on line 2); ids must be unique`);
  });

  it('a JSONL warning about an inexact number, after CRLF and blank lines', async () => {
    const jsonl = file('jsonl', '{"input":1}\r\n\r\n{"input":1e400}');
    const { warnings } = await prepareDataset(jsonl);
    expect(warnings.map((w) => w.message).join('\n')).toContain(': line 3 "input" reads as Infinity');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
