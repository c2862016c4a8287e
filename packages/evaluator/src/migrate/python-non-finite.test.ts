import { DatasetError } from '../errors';
import { parseExportText } from './migrate-from-result';
import { normalizeExport } from './normalize-export';

// Python's json.dump writes NaN, Infinity and -Infinity (not JSON) unless allow_nan=False: a one-item metric's "std"
// is NaN, a metric that returned nan gives a NaN score. Such an export failed with "malformed JSON at line 1, column
// 219: unexpected character". In metric_stats (which the import recomputes) they are read as null; a score is stored
// as llm-eval stores a metric that returns NaN (the metric error "metric returned NaN"), with a warning; anywhere
// else the file is refused, saying what the token is and how to fix the file.
const PYTHON = (f1: string, time = '0.5') =>
  `{"dataset_name": "d", "run_name": "r", "start_time": "2026-12-01T10:00:00", "end_time": "2026-12-01T10:00:05", "duration": 5.0, ` +
  `"total_items": 2, "success_rate": 1.0, "metrics": ["f1"], ` +
  `"metric_stats": {"f1": {"mean": NaN, "std": NaN, "min": -Infinity, "max": Infinity, "success_rate": 0.0}}, ` +
  `"results": {"1": {"output": "NaN: Infinity", "scores": {"f1": ${f1}}, "success": true, "time": ${time}}, ` +
  `"2": {"output": "b", "scores": {"f1": 0.5}, "success": true, "time": 0.5}}, "errors": {}}`;

describe("Python's NaN, Infinity and -Infinity", () => {
  it('in metric_stats: read as null; in scores: stored as metric errors, with a warning per metric', () => {
    for (const token of ['NaN', 'Infinity', '-Infinity']) {
      const data = parseExportText(PYTHON(token), { format: 'json', name: 'py.json' });
      expect(data.metric_stats.f1).toEqual({ mean: null, std: null, min: null, max: null, success_rate: 0 });
      const { items, warnings } = normalizeExport(data);
      expect(items[0]!.scores).toEqual({ f1: { error: `metric returned ${token}` } });
      // Text inside strings is text.
      expect(items[0]!.actualOutput).toBe('NaN: Infinity');
      expect(warnings[0]).toBe(
        `"scores.f1" of item "1" is ${token}, not a score (Python's json.dump writes NaN, Infinity and -Infinity for a metric that ` +
          'returned one), so it is stored as a metric error, as llm-eval stores a metric that returns one',
      );
    }
  });

  it('anywhere else (an item\'s time, a list in a score): refused, naming the place, the token and how to fix the file', () => {
    let error: unknown;
    try {
      parseExportText(PYTHON('0.5', 'NaN'), { format: 'json', name: 'py.json' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toBe(
      `py.json: NaN at line 1, column ${PYTHON('0.5', 'NaN').indexOf('NaN}') + 1} (results.1.time) is not JSON: ` +
        "Python's json.dump writes NaN, Infinity and -Infinity for floats that are not finite unless given allow_nan=False. " +
        'They are read only in metric_stats (which the import ' +
        'recomputes) and as scores (stored as metric errors). Replace the others with null, e.g. in Python: replace the ' +
        "value with None and write the file with json.dump(..., allow_nan=False); or sed -E 's/: (NaN|-?Infinity)([,}])/: null\\2/g' " +
        'on a file json.dump wrote (it changes scores and statistics too, which is harmless). Then import the file again',
    );
    expect(() => parseExportText(PYTHON('[NaN, 1]'), { format: 'json', name: 'py.json' })).toThrow(
      /^py\.json: NaN at line 1, column \d+ \(results\.1\.scores\.f1\.0\) is not JSON/,
    );
  });

  it('still reports a syntax error elsewhere in the file where it is', () => {
    expect(() => parseExportText(PYTHON('NaN').replace('"errors": {}', '"errors": {,}'), { format: 'json', name: 'py.json' })).toThrow(
      /^py\.json: malformed JSON at line 1, column \d+: expected a property name in double quotes, near "….*errors.*\{,\}\}"$/,
    );
  });

  it('in a JSONL item line\'s scores too', () => {
    const jsonl =
      '{"type":"run","run_name":"r","start_time":"2026-12-01T10:00:00Z","metrics":["f1"],"metric_stats":{"f1":{"std":NaN}}}\n' +
      '{"type":"item","id":"a","success":true,"output":"o","scores":{"f1":NaN}}\n';
    const { items, warnings } = normalizeExport(parseExportText(jsonl, { format: 'jsonl' }));
    expect(items[0]!.scores).toEqual({ f1: { error: 'metric returned NaN' } });
    expect(warnings).toHaveLength(1);
    expect(() => parseExportText(jsonl.replace('"output":"o"', '"output":NaN'), { format: 'jsonl', name: 'x.jsonl' })).toThrow(
      /^x\.jsonl:2: NaN at column 49 \(output\) is not JSON/,
    );
  });
});
