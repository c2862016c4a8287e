import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildExport, type ExportItemSource, type ExportRunSource } from '../result/build-export';
import { formatExport } from '../result/export-files';
import { parseExportText } from './migrate-from-result';
import { normalizeExport } from './normalize-export';

// JSONL has no end marker: a copy cut at a line boundary imported as a smaller run, exit 0, without a word, though its
// run line said total_items 300. An llm-eval export always has as many items as its total_items says (Python's own
// exports too: results plus errors, as the sample shows), so a file that disagrees is incomplete or edited.
const RUN: ExportRunSource = {
  id: '5b0e7c1e-3f0a-4c55-9a57-0f1b8d7e2a10',
  name: 'three hundred',
  status: 'completed',
  datasetName: 'n300',
  startTime: new Date('2026-11-03T09:00:00Z'),
  endTime: new Date('2026-11-03T09:05:00Z'),
  durationSeconds: 300,
  successRate: 0.75,
  metricNames: ['exact_match'],
  metricStats: {},
};

const ITEMS: ExportItemSource[] = Array.from({ length: 300 }, (_, i) => ({
  itemId: `i${i}`,
  status: i % 4 === 0 ? 'failed' : 'completed',
  input: i,
  expected: String(i),
  output: i % 4 === 0 ? null : String(i),
  errorType: i % 4 === 0 ? 'Error' : null,
  errorMessage: i % 4 === 0 ? 'x' : null,
  responseTime: 0.01,
  tokensUsed: null,
  cost: null,
  scores: i % 4 === 0 ? ({} as Record<string, number>) : { exact_match: 1 },
  metadata: null,
  startedAt: null,
  completedAt: null,
  sequenceNumber: i,
}));

const doc = buildExport(RUN, ITEMS);
const jsonl = formatExport(doc, 'jsonl');

describe('an llm-eval JSONL export whose item lines are not as many as its run line says', () => {
  it('cut at a line boundary: refused, naming both counts and how to fix it', () => {
    const cut = jsonl.split('\n').slice(0, 11).join('\n') + '\n';
    expect(() => parseExportText(cut, { format: 'jsonl', name: 'cut.jsonl' })).toThrow(
      'cut.jsonl:1: the run line says total_items 300, but the file has 10 item lines: it is incomplete (cut short, as a ' +
        'partial copy or an interrupted download is), and importing it would store a run of 10 items. Export the run ' +
        'again (llm-eval runs export <run> -o run.jsonl); or, to import only these items, set total_items to 10 in the run line',
    );
  });

  it('cut without its last line end, or with an item line too many: refused too', () => {
    expect(() => parseExportText(jsonl.split('\n').slice(0, 300).join('\n'), { format: 'jsonl', name: 'x.jsonl' })).toThrow(
      /^x\.jsonl:1: the run line says total_items 300, but the file has 299 item lines: it is incomplete/,
    );
    const extra = `${jsonl}${JSON.stringify({ type: 'item', id: 'extra', success: true, output: 'o', scores: {} })}\n`;
    expect(() => parseExportText(extra, { format: 'jsonl', name: 'x.jsonl' })).toThrow(
      'x.jsonl:1: the run line says total_items 300, but the file has 301 item lines: items were added to it. Export the run ' +
        'again (llm-eval runs export <run> -o run.jsonl); or, to import these items, set total_items to 301 in the run line',
    );
  });

  it('whole, or without total_items (hand-written): imported', () => {
    expect(normalizeExport(parseExportText(jsonl, { format: 'jsonl' })).items).toHaveLength(300);
    const lines = jsonl.split('\n').slice(0, 11);
    const run = JSON.parse(lines[0]!);
    delete run.total_items;
    const handWritten = [JSON.stringify(run), ...lines.slice(1)].join('\n');
    expect(normalizeExport(parseExportText(handWritten, { format: 'jsonl' })).items).toHaveLength(10);
  });
});

describe('a JSON export whose items are not as many as its total_items says', () => {
  it("llm-eval's (with its llm_eval block): refused, naming both counts and how to fix it", () => {
    const edited = JSON.parse(JSON.stringify(doc));
    for (const id of ['i1', 'i2']) delete edited.results[id];
    delete edited.errors.i4;
    delete edited.llm_eval.failures.i4;
    edited.llm_eval.item_order = edited.llm_eval.item_order.filter((id: string) => !['i1', 'i2', 'i4'].includes(id));
    expect(() => parseExportText(JSON.stringify(edited), { format: 'json', name: 'edited.json' })).toThrow(
      'edited.json: "total_items" is 300, but the export has 297 items (223 in "results", 74 in "errors"): items were ' +
        'removed from it, and importing it would store a run of 297 items. Export the run again (llm-eval runs export ' +
        '<run> -o run.json); or, to import only these items, set "total_items" to 297',
    );
    expect(parseExportText(formatExport(doc, 'json'), { format: 'json' }).total_items).toBe(300);
  });

  it("Python LLM-Eval's: imported with a warning (its total_items is results plus errors, as its own exports show)", () => {
    const sample = readFileSync(path.join(__dirname, '../../test/fixtures/python-export-sample.json'), 'utf8');
    const python = parseExportText(sample, { format: 'json' });
    expect(python.total_items).toBe(Object.keys(python.results).length + Object.keys(python.errors).length);
    expect(normalizeExport(python).warnings).toEqual([]);
    const edited = { ...python, total_items: 7 };
    const { items, warnings } = normalizeExport(parseExportText(JSON.stringify(edited), { format: 'json' }));
    expect(items).toHaveLength(5);
    expect(warnings).toEqual([
      '"total_items" is 7, but the export has 5 items (4 in "results", 1 in "errors"): it is imported as a run of 5 items; ' +
        'if items are missing, import the complete file instead',
    ]);
  });
});
