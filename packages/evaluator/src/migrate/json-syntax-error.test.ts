import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatasetError } from '../errors';
import { describeJsonSyntaxError, locateJsonSyntaxError } from './json-syntax-error';
import { readExportFile } from './migrate-from-result';
import { safeExcerpt } from './safe-excerpt';

const SECRET = 'sk-live-4f9a1c2e8b7d6a5f4e3d2c1b0a9f8e7d';
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-json-error-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('locateJsonSyntaxError', () => {
  it.each([
    ['{"a": x}', 6, 'unexpected character'],
    ['{"a":1', 6, 'unexpected end of input'],
    ['{"a":1} x', 8, 'unexpected text after the JSON value'],
    ['{"a":"b\nc"}', 7, 'control character inside a string'],
    ['[1,2,]', 5, 'unexpected character'],
    ['{"a" 1}', 5, 'expected ":"'],
    ['{a:1}', 1, 'expected a property name in double quotes'],
    ['{"a":"\\x"}', 6, 'invalid escape'],
    ['\ufeff{}', 0, 'unexpected character'],
    ['', 0, 'unexpected end of input'],
  ])('finds where JSON.parse fails in %j', (text, offset, problem) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    const found = locateJsonSyntaxError(text);
    expect(found.offset).toBe(offset);
    expect(found.problem).toContain(problem);
  });

  it('handles deep nesting without recursion', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(99_999) + '}';
    expect(locateJsonSyntaxError(deep).offset).toBe(199_999);
  });
});

describe('safeExcerpt', () => {
  it('quotes at most ~80 characters around the position with control characters escaped', () => {
    const text = `${'a'.repeat(200)}\u0000\u001b[31m\n${'b'.repeat(200)}`;
    const excerpt = safeExcerpt(text, 200);
    expect(excerpt.length).toBeLessThanOrEqual(84);
    expect(excerpt).toContain('\\u0000\\u001b[31m\\n');
    expect(excerpt).toMatch(/^"…a+\\u0000/);
    expect(excerpt).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('readExportFile on malformed JSON', () => {
  it('names the file, line and column, and never quotes a secret far from the error', async () => {
    const file = path.join(dir, 'broken.json');
    const padding = Array.from({ length: 40 }, (_, i) => `    "field_${i}": "${'x'.repeat(30)}",`).join('\n');
    writeFileSync(file, `{\n  "api_key": "${SECRET}",\n${padding}\n  "results": {"a": tru }\n}\n`);
    const error = await readExportFile(file).catch((e: Error) => e);
    expect(error).toBeInstanceOf(DatasetError);
    const message = (error as Error).message;
    expect(message).toMatch(/^.*broken\.json: malformed JSON at line 43, column \d+: unexpected character, near "…/);
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain('sk-live');
    expect(message.length).toBeLessThan(file.length + 160);
    expect((error as Error).cause).toBeUndefined();
  });

  it('quotes only a short escaped excerpt of a malformed JSONL line and names the line', async () => {
    const file = path.join(dir, 'broken.jsonl');
    writeFileSync(file, `{"type":"run","run_name":"r"}\n{"type":"item","id":"a","input":"${SECRET}${' pad'.repeat(30)}","success":true,\u0007}\n`);
    const message = await readExportFile(file).then(() => '', (e: Error) => e.message);
    expect(message).toMatch(/broken\.jsonl:2: malformed JSON at line 1, column \d+: .*near ".*\\u0007/);
    expect(message).not.toContain(SECRET);
  });

  it('describes the problem itself: V8 messages quote the text, ours only a bounded excerpt', () => {
    const text = `{"token": "${SECRET}" oops}`;
    // 30 characters before the error position and the rest of the (short) text after it.
    const at = text.indexOf('oops');
    expect(describeJsonSyntaxError(text)).toBe(`line 1, column ${at + 1}: expected "," or "}", near "…${text.slice(at - 30, at).replace(/"/g, '\\"')}oops}"`);
  });
});
