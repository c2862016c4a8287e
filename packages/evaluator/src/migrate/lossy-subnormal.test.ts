import { parseExportText } from './migrate-from-result';
import { parseWarningsOf } from './parse-warnings';

// Below the smallest normal double fewer digits are kept: 2.5e-324 reads as 5e-324 without a word. The check shared
// with dataset files (lossOf) now names such a number; what JSON.stringify writes (5e-324, 1.5e-323) reads as written.
const RUN_LINE = '{"type":"run","run_name":"r","start_time":"2026-04-01T08:00:00Z","metrics":["m"]}';

describe('reading an export: a number too small for a double read as another small number', () => {
  it('names it with the value read', () => {
    const line = (metadata: string) => `${RUN_LINE}\n{"type":"item","id":"q1","success":true,"output":"o","scores":{"m":1},"metadata":${metadata}}\n`;
    expect(parseWarningsOf(parseExportText(line('{"p":2.5e-324}'), { format: 'jsonl' }))).toEqual([
      expect.stringMatching(/^1 number is not stored as written: line 2, item "q1", field "metadata" \(at metadata\.p\): 2\.5e-324 reads as 5e-324 \(too small/),
    ]);
    expect(parseWarningsOf(parseExportText(line(`{"p":[5e-324,${JSON.stringify(1.5e-323)},-3e-320]}`), { format: 'jsonl' }))).toEqual([]);
  });
});
