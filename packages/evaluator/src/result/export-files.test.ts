import { parse } from 'csv-parse/sync';
import type { EvaluationExport } from './export-format';
import { formatExport } from './export-files';

/** A run with one successful item and two failed ones that still carry an output, tokens, cost and scores. */
const doc: EvaluationExport = {
  dataset_name: 'd',
  run_name: 'r',
  start_time: '2026-01-01T00:00:00.000Z',
  end_time: '2026-01-01T00:00:01.000Z',
  duration: 1,
  total_items: 3,
  success_rate: 1 / 3,
  metrics: ['exact_match', 'judge'],
  metric_stats: {},
  results: { ok1: { output: 'Paris', scores: { exact_match: 1, judge: 0.5 }, success: true, time: 0.2, input: 'France', expected: 'Paris', tokens_used: 7, cost: 0.5 } },
  errors: { bad1: 'Error: judge timeout', bad2: 'TypeError: boom' },
  llm_eval: {
    format: 'llm-eval.export',
    version: 1,
    status: 'completed',
    item_order: ['ok1', 'bad1', 'bad2'],
    failures: {
      bad1: { input: 'Italy', expected: 'Rome', output: 'Milan', error_type: 'Error', error_message: 'judge timeout', time: 1.5, tokens_used: 9, cost: 0.25, scores: { exact_match: 0, judge: { error: 'timeout' } } },
      bad2: { input: 'Spain', error_type: 'TypeError', error_message: 'boom', time: 0.1 },
    },
  },
} as EvaluationExport;

describe('CSV export', () => {
  it("writes a failed item's output, tokens, cost and scores as the JSONL export does", () => {
    const rows: Array<Record<string, string>> = parse(formatExport(doc, 'csv'), { columns: true });
    const lines = formatExport(doc, 'jsonl').trim().split('\n').slice(1).map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(['ok1', 'bad1', 'bad2']);
    const cell = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? `error: ${(v as { error: string }).error}` : String(v));
    rows.forEach((row, i) => {
      const line = lines[i]!;
      expect(row).toMatchObject({
        input: cell(line.input),
        expected: cell(line.expected),
        output: cell(line.output),
        response_time: cell(line.time),
        tokens_used: cell(line.tokens_used),
        cost: cell(line.cost),
        'score:exact_match': cell(line.scores?.exact_match),
        'score:judge': cell(line.scores?.judge),
      });
    });
    expect(rows[1]).toMatchObject({ success: 'false', output: 'Milan', tokens_used: '9', cost: '0.25', 'score:exact_match': '0', 'score:judge': 'error: timeout', error: 'Error: judge timeout' });
    // The CSV's tokens add up to the run's again (7 + 9).
    expect(rows.reduce((sum, r) => sum + Number(r.tokens_used || 0), 0)).toBe(16);
  });
});
