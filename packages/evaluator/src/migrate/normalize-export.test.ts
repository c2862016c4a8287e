import { buildExport, type ExportItemSource, type ExportRunSource } from '../result/build-export';
import { exportToJsonl } from '../result/export-files';
import type { EvaluationExport } from '../result/export-format';
import { parseExportText } from './migrate-from-result';
import { normalizeExport } from './normalize-export';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 3, 9, 0, 0) + ms);

const RUN: ExportRunSource = {
  id: '5b0e7c1e-3f0a-4c55-9a57-0f1b8d7e2a10',
  name: 'stored',
  status: 'failed',
  statusReason: 'interrupted: its writer (process 4242 on ci-7) stopped without finishing it',
  datasetName: 'geo',
  createdAt: at(17),
  startedAt: at(1_001),
  completedAt: at(3_211),
  startTime: at(1_001),
  endTime: at(3_211),
  durationSeconds: 2.21,
  successRate: 0.5,
  metricNames: ['exact_match'],
  metricStats: {},
};

const ITEMS: ExportItemSource[] = [
  {
    itemId: 'q-ok', status: 'completed', input: 'in', expected: 'out', output: 'out', errorType: null, errorMessage: null, responseTime: 0.456,
    tokensUsed: 42, cost: 0.002, scores: { exact_match: 1 }, metadata: { kind: 'geo', attempts: 2 }, startedAt: at(1_001), completedAt: at(1_457),
    sequenceNumber: 0, traceId: 'trace-ok',
  },
  {
    itemId: 'q-failed', status: 'failed', input: 'boom', expected: '?', output: null, errorType: 'TypeError', errorMessage: 'no answer', responseTime: 0.005,
    tokensUsed: 7, cost: 0.0003, scores: {}, metadata: { attempts: 3 }, startedAt: at(1_004), completedAt: at(1_009), sequenceNumber: 3, traceId: 'trace-failed',
  },
  {
    itemId: 'q-skipped', status: 'skipped', input: 'x', expected: null, output: null, errorType: null, errorMessage: 'skipped', responseTime: null,
    tokensUsed: null, cost: null, scores: {}, metadata: null, startedAt: null, completedAt: null, sequenceNumber: 5, traceId: null,
  },
];

/** An export as llm-eval wrote it before it kept status reasons and timestamps (and as Python's importer reads it). */
const OLDER: EvaluationExport = {
  dataset_name: 'geo',
  run_name: 'older',
  start_time: '2026-11-03T09:00:01.001+00:00',
  end_time: '2026-11-03T09:00:03.211+00:00',
  duration: 2.21,
  total_items: 2,
  success_rate: 0.5,
  metrics: ['exact_match'],
  metric_stats: { exact_match: { mean: 1, std: null, min: 1, max: 1, success_rate: 1 } },
  results: { a: { output: 'out', scores: { exact_match: 1 }, success: true, time: 0.4, input: 'in', expected: 'out', started_at: '2026-11-03T09:00:01.001+00:00', attempts: 2 } },
  errors: { b: 'TypeError: no answer' },
  llm_eval: {
    format: 'llm-eval.export', version: 1, status: 'cancelled', item_order: ['a', 'b'],
    failures: { b: { input: 'boom', error_type: 'TypeError', error_message: 'no answer', time: 0.005, metadata: { kind: 'x' } } },
  },
};

describe('normalizeExport of an llm-eval export', () => {
  it("restores the run's status reason and created/started/completed times, and each item's completion, sequence and trace", () => {
    const { run, items } = normalizeExport(buildExport(RUN, ITEMS));
    expect(run).toMatchObject({ statusReason: RUN.statusReason, createdAt: at(17), startedAt: at(1_001), completedAt: at(3_211), durationSeconds: 2.21 });
    expect(items).toEqual([
      expect.objectContaining({ itemId: 'q-ok', sequenceNumber: 0, completedAt: at(1_457), traceId: 'trace-ok', metadata: { kind: 'geo', attempts: 2 } }),
      expect.objectContaining({
        itemId: 'q-failed', sequenceNumber: 3, startedAt: at(1_004), completedAt: at(1_009), traceId: 'trace-failed', tokensUsed: 7, cost: 0.0003,
        errorType: 'TypeError', errorMessage: 'no answer', metadata: { attempts: 3 },
      }),
      expect.objectContaining({ itemId: 'q-skipped', status: 'skipped', sequenceNumber: 5, startedAt: null }),
    ]);
    expect(items[2]).not.toHaveProperty('completedAt');
  });

  it('keeps a run that never finished unfinished (completed_at null), while end_time stays a timestamp for Python', () => {
    const doc = buildExport({ ...RUN, status: 'cancelled', completedAt: null }, ITEMS);
    expect(doc.end_time).toBe('2026-11-03T09:00:03.211+00:00');
    expect(normalizeExport(doc).run).toMatchObject({ completedAt: null, startedAt: at(1_001), createdAt: at(17) });
  });

  it('reads a JSONL export as its JSON twin', () => {
    const doc = buildExport(RUN, ITEMS);
    const fromJsonl = parseExportText(exportToJsonl(doc), { format: 'jsonl' });
    expect(normalizeExport(fromJsonl)).toEqual(normalizeExport(JSON.parse(JSON.stringify(doc))));
  });

  it('reads an older export without those fields as before: created at its start, no reason, no completion times', () => {
    const { run, items, origin } = normalizeExport(OLDER);
    expect(run).toMatchObject({ createdAt: at(1_001), startedAt: at(1_001), completedAt: at(3_211) });
    expect(run).not.toHaveProperty('statusReason');
    expect(items.map((i) => [i.itemId, i.sequenceNumber, i.completedAt, i.traceId])).toEqual([
      ['a', 0, undefined, undefined],
      ['b', 1, undefined, undefined],
    ]);
    // The same data hashes as it did, so a file imported before this change is still recognised as a duplicate.
    expect(origin.contentHash).toBe('e83cf64e09114a7ec7a093c264c0c84b61b2a52f63349b71f063352102048ebb');
  });
});

describe('values nested too deeply for JSON.stringify', () => {
  it('names the field instead of "Maximum call stack size exceeded"', () => {
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const text = `{"dataset_name":"d","run_name":"imp","start_time":"2026-01-01T00:00:00","end_time":"2026-01-01T00:00:01","duration":1,"total_items":1,"success_rate":1,"metrics":["exact_match"],"metric_stats":{},"results":{"a":{"output":${deep},"scores":{"exact_match":1},"success":true,"time":0.1}},"errors":{}}`;
    const doc = parseExportText(text, { format: 'json', name: 'deep.json' });
    expect(() => normalizeExport(doc)).toThrow(
      `the export's "results.a.output" nests arrays or objects too deeply to be stored (thousands of levels); flatten it or store it as text`,
    );
  });
});

// An invalid usage value (a negative time or cost, a fractional or negative token count, a number given as text) was
// stored as unknown without a word, or, for a negative token count, failed the whole import in storage.
describe('usage values that cannot be stored', () => {
  const withUsage = (a: Record<string, unknown>, b: Record<string, unknown>): EvaluationExport => ({
    ...OLDER,
    results: { a: { ...OLDER.results.a!, ...a } },
    llm_eval: { ...OLDER.llm_eval!, failures: { b: { ...OLDER.llm_eval!.failures.b!, ...b } } },
  });

  it('stores them as unknown and says which field, how many items, the first item and its value', () => {
    const { items, warnings } = normalizeExport(withUsage({ time: -1.5, tokens_used: 2.5, cost: '0.3' }, { time: -0.1, tokens_used: -5, cost: 7 }));
    expect(items[0]).toMatchObject({ responseTime: null, tokensUsed: null, cost: null });
    expect(items[1]).toMatchObject({ responseTime: null, cost: 7 });
    expect(items[1]).not.toHaveProperty('tokensUsed');
    expect(warnings).toEqual([
      '"time" of 2 items is not a number of seconds >= 0 (the first, item "a", has -1.5), so it is stored as unknown; fix the export and import it again to keep it',
      '"tokens_used" of 2 items is not a whole number >= 0 (the first, item "a", has 2.5), so it is stored as unknown; fix the export and import it again to keep it',
      '"cost" of item "a" is the text "0.3", not a number >= 0, so it is stored as unknown; fix the export and import it again to keep it',
    ]);
  });

  it('says nothing of valid or absent values (null means unknown)', () => {
    expect(normalizeExport(withUsage({ time: 0, tokens_used: 0, cost: null }, { time: null })).warnings).toEqual([]);
    expect(normalizeExport(OLDER).warnings).toEqual([]);
    expect(normalizeExport(buildExport(RUN, ITEMS)).warnings).toEqual([]);
  });

  it('names a list or object value by its kind', () => {
    expect(normalizeExport(withUsage({ cost: [1] }, { tokens_used: { n: 1 } })).warnings).toEqual([
      '"cost" of item "a" is a list, not a number >= 0, so it is stored as unknown; fix the export and import it again to keep it',
      '"tokens_used" of item "b" is an object, not a whole number >= 0, so it is stored as unknown; fix the export and import it again to keep it',
    ]);
  });
});
