import { parseExportText } from './migrate-from-result';
import { parseWarningsOf } from './parse-warnings';

/** A JSON export of one successful item "q1" and one failed item "f1", with raw JSON text added to each. */
function exportText(ok: string, failed = ''): string {
  return (
    `{"run_name":"r","start_time":"2026-04-01T08:00:00Z","metrics":["m"],` +
    `"results":{"q1":{"output":"o","success":true,"scores":{"m":1}${ok ? `,${ok}` : ''}}},` +
    `"errors":{"f1":"Error: boom"},` +
    `"llm_eval":{"format":"llm-eval.export","version":1,"status":"completed","item_order":["q1","f1"],` +
    `"failures":{"f1":{"input":"x"${failed ? `,${failed}` : ''}}}}}`
  );
}

const RUN_LINE = '{"type":"run","run_name":"r","start_time":"2026-04-01T08:00:00Z","metrics":["m"]}';

// JSON.parse reads 1e-400 and -1e-400 as 0: the import stored 0 without a word, where a dataset with a number read
// otherwise than written is warned of. Such a number is still a number (unlike 1e400, refused), so it is stored as read
// and said, naming where it is.
describe('reading an export: numbers too small for a double, and integers with too many digits', () => {
  it('warns of one in an item, naming the item, the field, its path, the number as written and as read', () => {
    const data = parseExportText(exportText('"metadata":{"p":1e-400}'), { format: 'json' });
    expect((data.results.q1!.metadata as { p: number }).p).toBe(0);
    expect(parseWarningsOf(data)).toEqual([
      '1 number is not stored as written: item "q1", field "metadata" (at results.q1.metadata.p): 1e-400 reads as 0 ' +
        '(too small for a 64-bit float, whose smallest is about 5e-324). The value read is stored; write such a number as a ' +
        'string (e.g. "1e-400") to keep it as written, and import the file again',
    ]);
  });

  it('names the first three of several (a failed item, a score, a run field, too many digits), and counts the rest', () => {
    const text = exportText('"scores":{"m":-1e-400},"input":{"n":12345678901234567891}', '"metadata":{"q":0.1e-999}')
      .replace('"metrics":["m"]', '"metrics":["m"],"llm_eval_note":5e-500')
      .replace('"scores":{"m":1},', '');
    const warning = parseWarningsOf(parseExportText(text, { format: 'json' }))[0]!;
    expect(warning).toMatch(/^4 numbers are not stored as written: /);
    expect(warning).toContain('field "llm_eval_note" (at llm_eval_note): 5e-500 reads as 0');
    expect(warning).toContain('item "q1", field "scores" (at results.q1.scores.m): -1e-400 reads as 0');
    expect(warning).toContain('item "q1", field "input" (at results.q1.input.n): 12345678901234567891 reads as 12345678901234567000 (more digits than a 64-bit float keeps)');
    expect(warning).toContain('; …. The value read is stored');
  });

  it('names the line and the path in the export of one on a JSONL item line', () => {
    const jsonl = `${RUN_LINE}\n{"type":"item","id":"q1","success":true,"output":"o","scores":{"m":1},"metadata":{"p":-1e-400}}\n`;
    expect(parseWarningsOf(parseExportText(jsonl, { format: 'jsonl' }))).toEqual([
      expect.stringMatching(/^1 number is not stored as written: line 2, item "q1", field "metadata" \(at metadata\.p\): -1e-400 reads as 0 /),
    ]);
  });

  it('says nothing of zeros, small numbers a double holds, or what JSON.stringify writes', () => {
    const text = exportText('"metadata":{"a":0,"b":-0.0,"c":0e-500,"d":4.9e-324,"e":1e-300,"f":12345678901234567000,"g":9007199254740993.5,"h":"1e-400"}');
    expect(parseWarningsOf(parseExportText(text, { format: 'json' }))).toEqual([]);
  });
});
