import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readLines } from './export-lines';

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-export-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A JSONL export was read as one string, which V8 caps at about 512 MB: `db migrate` of a large run's export (and of
// the file a failed store leaves) failed with "Invalid string length". It is read in 1 MB chunks now, line by line.
describe('readLines', () => {
  it('gives the lines text.split("\\n") gives, across chunk boundaries, multi-byte characters and long lines', async () => {
    const long = `{"type":"item","id":"long","output":"${'é😀x'.repeat(700_000)}"}`; // 2.8 million UTF-16 units, ~6 MB
    const lines = ['{"type":"run","name":"r"}\r', long, '', '{"type":"item","id":"é"}', ...Array.from({ length: 20_000 }, (_, i) => `{"id":"q${i}","output":"${'y'.repeat(i % 97)}"}`), ''];
    const text = lines.join('\n');
    const file = path.join(dir, 'export.jsonl');
    writeFileSync(file, `\uFEFF${text}`);
    const read = await readLines(file);
    expect(read.length).toBe(lines.length);
    expect(read).toEqual(text.split('\n'));
  });

  it('reads an empty file as one empty line, and a file without a final newline whole', async () => {
    const empty = path.join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    expect(await readLines(empty)).toEqual(['']);
    const last = path.join(dir, 'last.jsonl');
    writeFileSync(last, 'a\nb');
    expect(await readLines(last)).toEqual(['a', 'b']);
  });

  it('rejects with the file system error of a file it cannot read', async () => {
    await expect(readLines(path.join(dir, 'missing.jsonl'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
