import { buildExport, type ExportItemSource, type ExportRunSource } from '../result/build-export';
import { formatExport } from '../result/export-files';
import { parseExportText } from './migrate-from-result';
import { normalizeExport } from './normalize-export';

// The JSONL reader built `results` as a plain object, so an item named "__proto__" set its prototype instead: the JSON
// export of such a run imported, its JSONL twin failed ('item_order lists item "__proto__", which is in neither …').
// Item ids and metric names are data: any of them, Object.prototype's names included, is a key like any other.
const NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'];

const RUN: ExportRunSource = {
  id: '5b0e7c1e-3f0a-4c55-9a57-0f1b8d7e2a10',
  name: 'prototype names',
  status: 'completed',
  datasetName: 'geo',
  startTime: new Date('2026-11-03T09:00:00Z'),
  endTime: new Date('2026-11-03T09:00:05Z'),
  durationSeconds: 5,
  successRate: 0.8,
  metricNames: NAMES,
  metricStats: Object.fromEntries(NAMES.map((name) => [name, { mean: 0.5, std: null, min: 0.5, max: 0.5, success_rate: 1 }])),
};

/** One item per name: the last one failed; each scored by every metric, with a reason per metric. */
const ITEMS: ExportItemSource[] = NAMES.map((id, i) => ({
  itemId: id,
  status: i === NAMES.length - 1 ? 'failed' : 'completed',
  input: `in ${i}`,
  expected: `out ${i}`,
  output: `out ${i}`,
  errorType: i === NAMES.length - 1 ? 'TimeoutError' : null,
  errorMessage: i === NAMES.length - 1 ? 'too slow' : null,
  responseTime: 0.25,
  tokensUsed: 3,
  cost: null,
  scores: Object.fromEntries(NAMES.map((name, j) => [name, j / 10])),
  metadata: { metric_reasons: Object.fromEntries(NAMES.map((name) => [name, `why ${name}`])) },
  startedAt: null,
  completedAt: null,
  sequenceNumber: i,
}));

describe('item ids and metric names that are Object.prototype members', () => {
  const doc = buildExport(RUN, ITEMS);

  it.each(['json', 'jsonl'] as const)('are read back from a %s export as keys: every item, score and reason', (format) => {
    const parsed = parseExportText(formatExport(doc, format), { format, name: `run.${format}` });
    expect([...Object.keys(parsed.results), ...Object.keys(parsed.errors)].sort()).toEqual([...NAMES].sort());
    const { items, warnings } = normalizeExport(parsed);
    expect(warnings).toEqual([]);
    expect(items.map((item) => item.itemId)).toEqual(NAMES);
    for (const [i, item] of items.entries()) {
      expect(Object.keys(item.scores ?? {})).toEqual(NAMES);
      expect(Object.entries(item.scores ?? {})).toEqual(NAMES.map((name, j) => [name, j / 10]));
      expect(Object.keys((item.metadata as { metric_reasons: object }).metric_reasons)).toEqual(NAMES);
      expect(item.status).toBe(i === NAMES.length - 1 ? 'failed' : 'completed');
    }
    expect(items[NAMES.length - 1]).toMatchObject({ errorType: 'TimeoutError', errorMessage: 'too slow' });
  });

  it('read from JSONL, are the same run as read from JSON', () => {
    const fromJson = normalizeExport(parseExportText(formatExport(doc, 'json'), { format: 'json' }));
    const fromJsonl = normalizeExport(parseExportText(formatExport(doc, 'jsonl'), { format: 'jsonl' }));
    expect(fromJsonl).toEqual(fromJson);
    expect(fromJsonl.run.metricsUsed).toEqual(NAMES);
  });

  it('never change the prototype of what the reader builds', () => {
    const parsed = parseExportText(formatExport(doc, 'jsonl'), { format: 'jsonl' });
    for (const record of [parsed.results, parsed.errors, parsed.llm_eval!.failures]) {
      expect([Object.prototype, null]).toContain(Object.getPrototypeOf(record));
    }
    expect(Object.hasOwn(parsed.results, '__proto__')).toBe(true);
    expect(Object.hasOwn(parsed.errors, 'valueOf')).toBe(true);
    expect(Object.hasOwn(parsed.llm_eval!.failures, 'valueOf')).toBe(true);
  });
});
