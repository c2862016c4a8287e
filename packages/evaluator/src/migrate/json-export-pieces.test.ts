import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DatasetError } from '../errors';
import { formatExport } from '../result/export-files';
import { Evaluator } from '../run/evaluator';
import { parseExportText, parseJsonExportBytes } from './migrate-from-result';
import { parseWarningsOf } from './parse-warnings';

// A JSON export over about 512 MB (a large run, or the fallback file of one whose storage failed) could not be
// imported: it was read as one string ("Invalid string length"). Past 256 MB it is now read as bytes and parsed a piece
// at a time. Here the pieces are made as small as they go (every object split down to its members), and the result,
// its warnings and the error of a file with one problem must be those of the whole text. (Of a file with several, the
// whole text names the first check's — syntax, then a repeated key, then a value out of range — and the pieces the
// first piece's; and the structure between pieces is checked by the piece reader, in its own words.)
const NAME = 'export.json';

/**
 * An error's message without the excerpt a syntax error quotes (`near "…"`): read a piece at a time, the text around
 * the error is the piece's, as the file's is cut at the piece.
 */
const withoutExcerpt = (error: unknown) => ({ error: (error as Error).message.replace(/, near ".*"$/s, ''), type: (error as Error).constructor.name });

/** What reading `text` whole gives: the data and its warnings, or the error's message. */
function whole(text: string): unknown {
  try {
    const data = parseExportText(text, { format: 'json', name: NAME });
    return { data, warnings: parseWarningsOf(data) };
  } catch (error) {
    return withoutExcerpt(error);
  }
}

function inPieces(text: string, pieceBytes: number): unknown {
  try {
    const data = parseJsonExportBytes(Buffer.from(text, 'utf8'), NAME, pieceBytes);
    return { data, warnings: parseWarningsOf(data) };
  } catch (error) {
    return withoutExcerpt(error);
  }
}

function exportText(ok: string, failed = ''): string {
  return (
    `{"run_name":"r","start_time":"2026-04-01T08:00:00Z","metrics":["m"],` +
    `"results":{"q1":{"output":"o","success":true,"scores":{"m":1}${ok ? `,${ok}` : ''}},"__proto__":{"output":"p","success":true,"scores":{"m":0}}},` +
    `"errors":{"f1":"Error: boom"},` +
    `"llm_eval":{"format":"llm-eval.export","version":1,"status":"completed","item_order":["q1","__proto__","f1"],` +
    `"failures":{"f1":{"input":"x"${failed ? `,${failed}` : ''}}}}}`
  );
}

/** An export of a real evaluation (storage off): ids with quotes, escapes and emoji, a failed item, nested inputs. */
async function evaluationExport(): Promise<string> {
  const ids = ['a', 'b\u00e9\u{1F600}', 'c"q', 'd\\e', '7', '3'];
  const result = await new Evaluator({
    task: (input: unknown) => {
      if ((input as { question: string }).question.endsWith('q')) throw new TypeError('boom');
      return { answer: input, score: 0.1 };
    },
    dataset: ids.map((id) => ({ id, input: { question: `q ${id}`, nested: { deep: [1, 2.5, { x: 'y' }] } }, expected: `answer ${id}` })),
    metrics: ['exact_match', 'fuzzy_match'],
    config: { storeRuns: false, runName: 'pieces' },
  }).run();
  return formatExport(result.toJSON(), 'json');
}

describe('a JSON export read a piece at a time', () => {
  it.each([1, 7, 64, 1 << 20])('gives what the whole text gives, pieces of %i bytes', async (pieceBytes) => {
    const texts = [
      await evaluationExport(),
      readFileSync(path.join(__dirname, '../../test/fixtures/python-export-sample.json'), 'utf8'),
      exportText(''),
      // Pretty-printed, with a byte-order mark and spaces where JSON allows them.
      `\uFEFF${JSON.stringify(JSON.parse(exportText('"metadata":{"k":"\\u00e9\\"}"}')), null, 2)}`.replace(/": /g, '" : '),
      // Numbers read otherwise than written, and Python's NaN and Infinity.
      exportText('"input":{"n":12345678901234567891,"m":-1e-400}', '"metadata":{"q":0.1e-999}'),
      exportText('"metadata":{"score":NaN,"big":Infinity}'),
      // Refused: a key twice at the root, in an item, and in a split object; a number too large; not JSON.
      exportText('').replace('"run_name":"r",', '"run_name":"r","run_name":"s",'),
      exportText('"metadata":{"a":1,"a":2}'),
      exportText('').replace('"errors":{"f1":"Error: boom"}', '"errors":{"f1":"Error: boom","f1":"again"}'),
      exportText('"metadata":{"n":1e400}'),
      exportText('"metadata":{"n":tru}'),
      '{"results":[]}',
      // A bad escape, and a raw tab, in a key of a split object.
      '{"run_name":"r","metrics":["m"],"results":{"a\\x":{"output":"o","success":true,"scores":{"m":1}}}}',
      '{"run_name":"r","metrics":["m"],"results":{"a\tb":{"output":"o","success":true,"scores":{"m":1}}}}',
      // Not an object: a list (a dataset), a lone value.
      '[{"input":"x"}]',
      '\uFEFF[]',
      '"x"',
      '12',
      // Nested 100,000 levels deep: refused as too deep, without a stack overflow nor a scan per level.
      `{"results":{"q1":{"output":"o","success":true,"metadata":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}}}`,
    ];
    for (const text of texts) expect({ text, read: inPieces(text, pieceBytes) }).toEqual({ text, read: whole(text) });
  });

  it('refuses a file that is not one whole JSON object, saying where', () => {
    for (const [text, where] of [
      ['{"results":{"a":{"output":"x"}}', 'malformed JSON at line 1, column 32: expected the end of the object that starts at line 1, column 1'],
      ['{"results":{"a":{"output":"x}}}', 'malformed JSON at line 1, column 27: expected the end of the string that starts there'],
      ['{"results" {}}', 'malformed JSON at line 1, column 12: expected ":" after a key'],
      ['{\n  "results": {},\n}', 'malformed JSON at line 3, column 1: expected a key in quotes'],
      ['{"results":{}} {}', 'malformed JSON at line 1, column 16: text after the export'],
    ] as const) {
      expect(() => parseJsonExportBytes(Buffer.from(text), NAME, 1)).toThrow(DatasetError);
      expect(() => parseJsonExportBytes(Buffer.from(text), NAME, 1)).toThrow(where);
    }
  });

  it('keeps an item id "__proto__" as an item, as JSON.parse does', () => {
    const data = parseJsonExportBytes(Buffer.from(exportText('')), NAME, 1);
    expect(Object.keys(data.results)).toEqual(['q1', '__proto__']);
    expect(Object.getPrototypeOf(data.results)).toBe(Object.prototype);
  });
});
