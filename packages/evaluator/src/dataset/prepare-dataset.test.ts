import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatasetError } from '../errors';
import type { LoadedItem } from '../types';
import { prepareDataset } from './prepare-dataset';

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

async function collect(items: Iterable<LoadedItem> | AsyncIterable<LoadedItem>): Promise<LoadedItem[]> {
  const out: LoadedItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<DatasetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  return error as DatasetError;
}

describe('prepareDataset', () => {
  it('gives missing ids stable item_<index> names and keeps given ones', async () => {
    const ds = await prepareDataset([{ input: 'a' }, { id: 'q2', input: 'b', expected: 'B' }, { id: 7, input: 'c' }]);
    const items = await collect(ds.items());
    expect(items.map((i) => i.id)).toEqual(['item_0', 'q2', '7']);
    expect(items[1]).toMatchObject({ input: 'b', expected: 'B', index: 1 });
    expect(ds.size).toBe(3);
  });

  it('reads .jsonl and .json files that start with a UTF-8 byte-order mark, as .csv ones', async () => {
    const bom = '\uFEFF';
    for (const [name, content] of [
      ['bom.jsonl', `${bom}{"id":"a","input":1}\r\n{"id":"b","input":"\uFEFFkept"}\r\n`],
      ['bom.json', `${bom}[{"id":"a","input":1},{"id":"b","input":"\uFEFFkept"}]`],
      ['bom.csv', `${bom}id,input\na,1\nb,\uFEFFkept\n`],
    ] as const) {
      const items = await collect((await prepareDataset(file(name, content))).items());
      expect(items.map((i) => i.id)).toEqual(['a', 'b']);
      // Only the file's mark goes: one inside a value is the value's.
      expect(items[1]!.input).toBe('\uFEFFkept');
    }
    // A mark that is not at the start of the file is still malformed JSON, named by its line.
    expect((await failure(prepareDataset(file('inner.jsonl', `{"id":"a","input":1}\n${bom}{"id":"b","input":2}\n`)))).message).toMatch(/:2: malformed JSON/);
  });

  it('refuses a file that is not UTF-8, naming its first bad line, instead of reading U+FFFD', async () => {
    const latin1 = (name: string, text: string) => {
      const full = path.join(dir, name);
      writeFileSync(full, Buffer.from(text, 'latin1'));
      return full;
    };
    const csv = latin1('latin1.csv', 'id,input,expected\na,Paris,Paris\nb,Bogot\u00e1,Bogot\u00e1\n');
    const jsonl = latin1('latin1.jsonl', '{"id":"a","input":"ok"}\n{"id":"b","input":"ok"}\n{"id":"c","input":"caf\u00e9"}\n');
    for (const [full, line] of [[csv, 3], [jsonl, 3]] as const) {
      const error = await failure(prepareDataset(full));
      expect(error.line).toBe(line);
      expect(error.message).toBe(`${full}:${line}: the file is not valid UTF-8; save it as UTF-8 (e.g. \`iconv -f latin1 -t utf-8 in.csv > out.csv\`, or "CSV UTF-8" in a spreadsheet)`);
    }
    // A bad byte past the first 64 KiB read, and a multi-byte character cut by the file's end.
    const long = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `q${i}`, input: `caf\u00e9 ${'x'.repeat(20)}` })).join('\n');
    const lateBad = path.join(dir, 'late.jsonl');
    writeFileSync(lateBad, Buffer.concat([Buffer.from(long + '\n', 'utf8'), Buffer.from('{"id":"z","input":"\u00e9"}\n', 'latin1')]));
    expect((await failure(prepareDataset(lateBad))).line).toBe(3001);
    const cut = path.join(dir, 'cut.jsonl');
    writeFileSync(cut, Buffer.concat([Buffer.from('{"id":"a","input":"ok"}\n"', 'utf8'), Buffer.from([0xc3])]));
    expect((await failure(prepareDataset(cut))).line).toBe(2);
    // Valid UTF-8 of every width still reads as written.
    const wide = file('wide.jsonl', '{"id":"a","input":"é ü ß 中文 🙂"}\n');
    expect((await collect((await prepareDataset(wide)).items()))[0]!.input).toBe('é ü ß 中文 🙂');
  });

  it('refuses a numeric id too long to be read exactly, naming the item, and keeps exact ones as written', async () => {
    // JSON.parse reads 12345678901234567890 and 12345678901234567891 as one number: they were a "duplicate id".
    const path1 = file('long-ids.jsonl', '{"id": 12345678901234567890, "input": "a"}\n{"id": 12345678901234567891, "input": "b"}\n');
    const error = await failure(prepareDataset(path1).then((d) => collect(d.items())));
    expect(error.message).toMatch(/item 0 has the numeric id 12345678901234567000, too large to be read exactly.*write it as a string/);
    expect(error.message).not.toMatch(/duplicate/);
    const exact = await prepareDataset([{ id: 9007199254740991, input: 'a' }, { id: -42, input: 'b' }, { id: 1.5, input: 'c' }]);
    expect((await collect(exact.items())).map((i) => i.id)).toEqual(['9007199254740991', '-42', '1.5']);
    await expect(prepareDataset([{ id: Infinity, input: 'a' }]).then((d) => collect(d.items()))).rejects.toThrow(/numeric id Infinity/);
  });

  it('rejects a duplicate id or an item without input before any work starts', async () => {
    expect((await failure(prepareDataset([{ id: 'a', input: 1 }, { id: 'a', input: 2 }]))).message).toMatch(/duplicate item id "a"/);
    expect((await failure(prepareDataset([{ question: 'x' } as never]))).message).toMatch(/no "input" field \(fields: question\)/);
    expect((await failure(prepareDataset([null as never]))).message).toMatch(/must be an object/);
  });

  it('keeps ids that differ only in a lone surrogate apart in a stream and a file, as in an array', async () => {
    // The stream's and the file's duplicate check held ids as UTF-8, which writes U+FFFD for a lone surrogate.
    const ids = ['a\uD800', 'a\uD801', 'a\uFFFD'];
    const items = ids.map((id, n) => ({ id, input: n }));
    expect((await collect((await prepareDataset(items)).items())).map((i) => i.id)).toEqual(ids);
    async function* stream() {
      yield* items;
    }
    expect((await collect((await prepareDataset(stream())).items())).map((i) => i.id)).toEqual(ids);
    const lines = file('surrogates.jsonl', ['{"id":"a\\ud800","input":0}', '{"id":"a\\ud801","input":1}', '{"id":"a\\ufffd","input":2}', ''].join('\n'));
    expect((await collect((await prepareDataset(lines)).items())).map((i) => i.id)).toEqual(ids);
    // A true duplicate is still one.
    const twice = file('surrogates-twice.jsonl', '{"id":"a\\ud800","input":0}\n{"id":"a\\ud800","input":1}\n');
    expect((await failure(prepareDataset(twice))).message).toContain(':2: duplicate item id');
  });

  it('names the item whose fields cannot be read (a throwing getter or a revoked proxy)', async () => {
    const throwing = {
      get input(): never {
        throw new Error('no input today');
      },
    };
    expect((await failure(prepareDataset([{ input: 1 }, throwing]))).message).toBe('item 1 cannot be read: Error: no input today');
    const { proxy, revoke } = Proxy.revocable({ input: 1 }, {});
    revoke();
    expect((await failure(prepareDataset([proxy]))).message).toMatch(/^item 0 cannot be read: TypeError: .*revoked/);
  });

  it('streams .jsonl files, naming file and line for malformed lines and duplicates', async () => {
    const ok = file('ok.jsonl', '{"id":"a","input":"x","expected":"X"}\n\n{"input":{"q":"é 😀"},"expected_output":"y","metadata":{"k":1}}\n');
    const ds = await prepareDataset(ok);
    expect(ds.name).toBe('ok');
    expect(ds.size).toBe(2);
    const items = await collect(ds.items());
    expect(items[1]).toMatchObject({ id: 'item_1', input: { q: 'é 😀' }, expected: 'y', metadata: { k: 1 } });

    const bad = file('bad.jsonl', '{"input":1}\n{"input":2}\n{"input": oops}\n');
    const error = await failure(prepareDataset(bad));
    expect(error.message).toContain(`${bad}:3: malformed JSON`);
    expect(error.line).toBe(3);

    const dup = file('dup.jsonl', '{"id":"x","input":1}\n{"id":"y","input":2}\n{"id":"x","input":3}\n');
    expect((await failure(prepareDataset(dup))).message).toBe(`${dup}:3: duplicate item id "x" (first seen on line 1); ids must be unique`);
  });

  it('reads .json arrays or { items } objects', async () => {
    const items = await collect((await prepareDataset(file('a.json', '[{"input":"1"},{"input":"2"}]'))).items());
    expect(items.map((i) => i.input)).toEqual(['1', '2']);
    const wrapped = await prepareDataset(file('b.json', '{"items":[{"input":"1"}]}'));
    expect(wrapped.size).toBe(1);
    expect((await failure(prepareDataset(file('c.json', '{"nope":1}')))).message).toMatch(/JSON array/);
    expect((await failure(prepareDataset(file('d.json', '[{"input":1},')))).message).toMatch(/malformed JSON/);
  });

  it('refuses a key given twice in one object of a .jsonl or .json file, naming it (JSON.parse kept the last)', async () => {
    const jsonl = file('dupkey.jsonl', '{"id":"a","input":"x","expected":"x"}\n{"id":"b","input":"x","expected":"x","expected":"WRONG"}\n');
    expect((await failure(prepareDataset(jsonl))).message).toBe(
      `${jsonl}:2: the key "expected" is given more than once in the same object (JSON.parse would keep only the last value); give each key once`,
    );
    const id = file('dupid.jsonl', '{"id":"a","input":{"q":1,"q":2}}\n');
    expect((await failure(prepareDataset(id))).message).toMatch(/dupid\.jsonl:1: the key "input\.q" is given more than once/);
    const escaped = file('escaped.jsonl', '{"id":"a","\\u0069d":"b","input":1}\n');
    expect((await failure(prepareDataset(escaped))).message).toMatch(/escaped\.jsonl:1: the key "id" is given more than once/);
    const json = file('dupkey.json', '{"items":[{"input":1},{"input":2,"input":3}]}');
    expect((await failure(prepareDataset(json))).message).toMatch(/dupkey\.json: the key "items\.1\.input" is given more than once/);
    // The same key in different objects, or inside a string, is no repeat.
    const fine = file('fine.jsonl', '{"id":"a","input":{"id":"inner"},"expected":"\\"id\\":"}\n');
    expect((await collect((await prepareDataset(fine)).items()))[0]).toMatchObject({ id: 'a', input: { id: 'inner' } });
  });

  it('reads .csv with an input column, or uses the other columns as the input', async () => {
    const withInput = await prepareDataset(file('a.csv', 'id,input,expected,metadata\nq1,"Capital of France, please?",Paris,"{""src"":""wiki""}"\n'));
    expect(await collect(withInput.items())).toEqual([
      { id: 'q1', index: 0, input: 'Capital of France, please?', expected: 'Paris', metadata: { src: 'wiki' } },
    ]);
    const columns = await prepareDataset(file('b.csv', 'question,context,expected\nWho?,"a, b",Ana\n'));
    expect((await collect(columns.items()))[0]).toMatchObject({ id: 'item_0', input: { question: 'Who?', context: 'a, b' }, expected: 'Ana' });
    const bad = await failure(prepareDataset(file('c.csv', 'input,expected\n"unterminated,x\n')));
    expect(bad.message).toMatch(/malformed CSV/);
  });

  it('names the line where an unclosed quote opens, with CRLF, LF, a BOM and blank lines before it', async () => {
    for (const [name, content] of [
      ['crlf.csv', 'id,input,expected\r\na,x,x\r\nb,"unterminated,x\r\nc,y,y\r\n'],
      ['lf.csv', 'id,input,expected\na,x,x\nb,"unterminated,x\nc,y,y\nd,z,z\n'],
      ['bom-blank.csv', '\ufeffid,input,expected\r\n\r\na,x,x\r\n\r\n\r\nb,"unterminated,x\r\nc,y,y\r\n'],
    ] as const) {
      const line = content.replace(/^\ufeff/, '').split('\n').findIndex((l) => l.includes('"unterminated')) + 1;
      const bad = await failure(prepareDataset(file(name, content)));
      expect([name, bad.message]).toEqual([name, expect.stringContaining(`${name}:${line}: malformed CSV: the quoted field opened on line ${line} is never closed`)]);
    }
  });

  it('keeps a column named __proto__ like any other: in the input, or warned about as ignored', async () => {
    const asInput = await prepareDataset(file('proto-input.csv', 'id,q,__proto__,expected\na,x,p,x\n'));
    const [item] = await collect(asInput.items());
    expect(JSON.stringify(item!.input)).toBe('{"q":"x","__proto__":"p"}');
    expect(Object.getPrototypeOf(item!.input)).toBe(Object.prototype);
    const ignored = await prepareDataset(file('proto-ignored.csv', 'id,input,__proto__,constructor\na,x,p,c\n'));
    await collect(ignored.items());
    const warned = ignored.warnings.map((w) => w.message).join('\n');
    expect(warned).toMatch(/"__proto__" is not a dataset field and is ignored/);
    expect(warned).toMatch(/"constructor" is not a dataset field and is ignored/);
  });

  it('refuses a .csv whose header names a column twice, instead of keeping only the last one', async () => {
    const twice = await failure(prepareDataset(file('dup.csv', 'id,input,input\nq1,kept?,lost?\n')));
    expect(twice.message).toMatch(/dup\.csv:1: the header names column "input" twice \(columns 2 and 3\); rename one of them/);
    const other = await failure(prepareDataset(file('dup2.csv', 'question,expected,question\nWho?,Ana,When?\n')));
    expect(other.message).toMatch(/column "question" twice \(columns 1 and 3\)/);
  });

  it('reports unreadable files and unknown types clearly', async () => {
    const missing = path.join(dir, 'missing.jsonl');
    // In words, not Node's "ENOENT: no such file or directory, stat '…'".
    expect((await failure(prepareDataset(missing))).message).toBe(`${missing}: cannot read the dataset file: no such file`);
    expect((await failure(prepareDataset(file('x.txt', 'hi')))).message).toMatch(/unsupported dataset file type ".txt"/);
  });

  it('checks async iterables as they stream and refuses to replay them', async () => {
    async function* gen() {
      yield { input: 1 };
      yield { id: 'item_0', input: 2 };
    }
    const ds = await prepareDataset(gen());
    expect(ds.size).toBeUndefined();
    // Its position in the stream, as an array's or a file's duplicate names its line.
    await expect(collect(ds.items())).rejects.toThrow('duplicate item id "item_0" at item 1 of the stream (0-based); ids must be unique');
    expect(() => ds.items()).toThrow(/already consumed/);
  });
});
