import { parseExportText } from './migrate-from-result';
import { normalizeExport } from './normalize-export';

// `"time":"0.5"` was warned of, naming the field and the item, but `"scores":{"f1":"0.5"}` silently became the metric
// error 'invalid score in export: "0.5"'. A score that is not one is now said as an invalid time is: the field, how
// many items, the first one and its value.
const exportWith = (scores: unknown[]) =>
  JSON.stringify({
    dataset_name: 'd', run_name: 'r', start_time: '2026-12-01T10:00:00', end_time: '2026-12-01T10:00:05', duration: 5,
    total_items: scores.length, success_rate: 1, metrics: ['f1', 'judge'], metric_stats: {},
    results: Object.fromEntries(scores.map((score, i) => [String(i + 1), { output: 'a', scores: { f1: score, judge: true }, success: true, time: 0.5 }])),
    errors: {},
  });

describe('scores that are not numbers or booleans', () => {
  it('are stored as metric errors, and said once per metric: which item, or how many and the first', () => {
    const one = normalizeExport(parseExportText(exportWith(['0.5', 0.5]), { format: 'json' }));
    expect(one.items[0]!.scores).toEqual({ f1: { error: 'invalid score in export: "0.5"' }, judge: true });
    expect(one.warnings).toEqual([
      '"scores.f1" of item "1" is the text "0.5", not a number or a boolean, so it is stored as a metric error; fix the export and import it again to keep the score',
    ]);
    const many = normalizeExport(parseExportText(exportWith([0.5, null, '1', [1], { value: 1 }]), { format: 'json' }));
    expect(many.warnings).toEqual([
      '"scores.f1" of 4 items is not a number or a boolean (the first, item "2", has null), so it is stored as a metric error; fix the export and import it again to keep the score',
    ]);
  });

  it('says nothing of numbers, booleans and metric errors ({ "error": "…" })', () => {
    expect(normalizeExport(parseExportText(exportWith([0.5, true, { error: 'judge failed' }]), { format: 'json' })).warnings).toEqual([]);
  });
});
