import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatasetError, parseExportText, readExportFile } from '../src';

const SAMPLE = path.join(__dirname, 'fixtures', 'python-export-sample.json');
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-repeated-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The DatasetError a text gives, as [message, line]. */
function refusal(text: string, format: 'json' | 'jsonl'): [string, number | undefined] {
  try {
    parseExportText(text, { format, name: 'upload' });
  } catch (error) {
    if (error instanceof DatasetError) return [error.message, error.line];
    throw error;
  }
  throw new Error('the export was accepted');
}

const REPEATED = (key: string) =>
  `the key "${key}" is given more than once in the same object (JSON.parse would keep only the last value); give each key once`;

// JSON.parse keeps the last of a key given twice without a word: an import of a hand-edited export silently lost the
// other value (a score, an output). Such a file is refused, naming the key, as the server refuses such a body.
describe('an export that gives a key twice', () => {
  const sample = readFileSync(SAMPLE, 'utf8');

  it('is refused in JSON, naming the key by its path, at any depth and however it is spelled', () => {
    const doc = JSON.parse(sample);
    const first = Object.keys(doc.results)[0]!;
    const repeatedScore = JSON.stringify(doc).replace(`"${first}":{`, `"${first}":{"scores":{"m":0},`);
    expect(refusal(repeatedScore, 'json')[0]).toContain(REPEATED(`results.${first}.scores`));
    expect(refusal('{"results":{},"run_name":"a","run_name":"b"}', 'json')[0]).toContain(REPEATED('run_name'));
    expect(refusal('{"results":{"q":{"output":"x","\\u006futput":"y"}}}', 'json')[0]).toContain(REPEATED('results.q.output'));
    expect(refusal('{ "results" : { } ,\n "results" : { } }', 'json')[0]).toContain(REPEATED('results'));
  });

  it('is refused in JSONL, naming the line', () => {
    const text = [
      '{"type":"run","run_name":"r","results":{}}',
      '{"type":"item","id":"a","success":true,"output":"x","scores":{"m":1}}',
      '{"type":"item","id":"b","success":true,"output":"y","scores":{"m":1,"m":0}}',
    ].join('\n');
    expect(refusal(text, 'jsonl')).toEqual([expect.stringContaining(REPEATED('scores.m')), 3]);
  });

  it('is refused by readExportFile, the path db migrate takes', async () => {
    const file = path.join(dir, 'repeated.json');
    writeFileSync(file, '{"results":{"q":{"output":"x","scores":{"m":1},"scores":{"m":0}}}}');
    await expect(readExportFile(file)).rejects.toThrow(REPEATED('results.q.scores'));
  });

  it('leaves exports alone whose keys repeat only across objects, or inside strings', () => {
    expect(() => parseExportText(sample, { format: 'json' })).not.toThrow();
    const text = '{"results":{"a":{"output":"{\\"x\\":1,\\"x\\":2}","scores":{"m":1}},"b":{"output":"say \\\\\\":","scores":{"m":1}}}}';
    expect(parseExportText(text, { format: 'json' }).results.a!.output).toBe('{"x":1,"x":2}');
  });
});
