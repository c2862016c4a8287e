import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DuplicateImportError, initializeDatabase } from '@llm-eval/storage';
import { Evaluator, migrateFromEvaluationResult, readExportFile, type EvaluationExport } from '../src';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';

const SAMPLE = path.join(__dirname, 'fixtures', 'python-export-sample.json');
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sampleRun() {
  return new Evaluator({
    task: (input) => {
      if (input === 'Atlantis') throw new TypeError('no such country');
      return ({ France: 'Paris', Japan: 'The capital of Japan is Tokyo.', Peru: 'Lima' } as Record<string, string>)[input as string];
    },
    dataset: [
      { id: 'fr', input: 'France', expected: 'Paris', metadata: { continent: 'Europe' } },
      { id: 'jp', input: 'Japan', expected: 'Tokyo' },
      { id: 'at', input: 'Atlantis', expected: '?' },
      { id: 'pe', input: 'Peru', expected: 'Lima' },
    ],
    metrics: ['exact_match', 'contains', { name: 'judge', fn: (o) => (o === 'Lima' ? { error: 'x' } as never : 0.5) }],
    config: { storeRuns: false, runName: 'round-trip', datasetName: 'capitals', modelName: 'echo' },
  }).run();
}

describe('export format', () => {
  it('writes the Python LLM-Eval fields, with failed items in errors and metric errors in scores', async () => {
    const json = (await sampleRun()).toJSON();
    expect(Object.keys(json).slice(0, 11)).toEqual([
      'dataset_name', 'run_name', 'start_time', 'end_time', 'duration', 'total_items', 'success_rate', 'metrics', 'metric_stats', 'results', 'errors',
    ]);
    expect(json).toMatchObject({ dataset_name: 'capitals', run_name: 'round-trip', total_items: 4, success_rate: 0.75 });
    expect(json.metrics).toEqual(['exact_match', 'contains', 'judge']);
    expect(json.errors).toEqual({ at: 'TypeError: no such country' });
    expect(json.results.fr).toMatchObject({ output: 'Paris', success: true, scores: { exact_match: 1, contains: true, judge: 0.5 }, input: 'France', expected: 'Paris', metadata: { continent: 'Europe' } });
    expect(json.results.pe!.scores.judge).toEqual({ error: expect.stringMatching(/metric returned/) });
    expect(json.metric_stats.judge).toMatchObject({ mean: 0.5, success_rate: 2 / 3 });
    expect(json.start_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    expect(json.llm_eval!.item_order).toEqual(['fr', 'jp', 'at', 'pe']);
  });

  it('saves JSON, JSONL and CSV files', async () => {
    const result = await sampleRun();
    await result.save(path.join(dir, 'r.json'));
    await result.save(path.join(dir, 'r.jsonl'));
    await result.save(path.join(dir, 'r.csv'));
    expect(JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(result.toJSON())));
    const lines = readFileSync(path.join(dir, 'r.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['run', 'item', 'item', 'item', 'item']);
    expect(lines[3]).toMatchObject({ id: 'at', success: false, error_type: 'TypeError', error_message: 'no such country' });
    const rows: Array<Record<string, string>> = parse(readFileSync(path.join(dir, 'r.csv'), 'utf8'), { columns: true });
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ id: 'fr', success: 'true', output: 'Paris', 'score:exact_match': '1', 'score:contains': 'true' });
    expect(rows[3]!['score:judge']).toMatch(/^error: /);
  });
});

describe.each(DATABASE_KINDS)('migrateFromEvaluationResult on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('imports the sample Python export with its timing, errors and statistics', async () => {
    const data = (await readExportFile(SAMPLE)) as EvaluationExport;
    const runId = await migrateFromEvaluationResult(data, { databaseUrl: database.url, projectId: 'legacy', createdBy: 'ana', tags: ['imported'] });
    const db = await initializeDatabase({ url: database.url });
    try {
      const run = (await db.runs.getRun(runId))!;
      expect(run).toMatchObject({
        name: 'baseline-prompt',
        datasetName: 'geography-qa',
        status: 'completed',
        projectId: 'legacy',
        createdBy: 'ana',
        tags: ['imported'],
        totalItems: 5,
        successfulItems: 4,
        failedItems: 1,
        successRate: 0.8,
        durationSeconds: 4.81,
        metricsUsed: ['exact_match', 'contains', 'answer_relevancy'],
      });
      expect(run.startedAt!.toISOString()).toBe('2026-03-14T09:26:53.589Z');
      expect(run.completedAt!.toISOString()).toBe('2026-03-14T09:26:58.399Z');
      for (const [name, expected] of Object.entries(data.metric_stats)) {
        const stored = run.metrics.find((m) => m.metricName === name)!;
        expect([name, stored.mean]).toEqual([name, expect.closeTo(expected.mean!, 12)]);
        expect(stored.stdDev).toBeCloseTo(expected.std!, 12);
        expect(stored.min).toBe(expected.min);
        expect(stored.max).toBe(expected.max);
        expect(stored.successfulEvaluations / (stored.successfulEvaluations + stored.failedEvaluations)).toBeCloseTo(expected.success_rate, 12);
      }
      const items = await db.runs.listItems(runId);
      expect(items.items.map((i) => i.itemId)).toEqual(['item_0', 'item_1', 'item_2', 'item_3', 'item_4']);
      expect(items.items[3]).toMatchObject({ status: 'failed', errorType: 'TimeoutError', errorMessage: 'request timed out after 30s' });
      expect(items.items[2]!.scores.answer_relevancy).toEqual({ error: 'judge model returned invalid JSON' });
      expect(items.items[1]).toMatchObject({ responseTime: 1.207, actualOutput: 'The capital of Japan is Tokyo.', scores: { contains: true } });
    } finally {
      await db.close();
    }
  });

  it('round-trips run → JSON and JSONL export → migrate with the same statistics', async () => {
    const result = await sampleRun();
    await result.save(path.join(dir, `rt-${kind}.json`));
    await result.save(path.join(dir, `rt-${kind}.jsonl`));
    const db = await initializeDatabase({ url: database.url });
    try {
      for (const file of [`rt-${kind}.json`, `rt-${kind}.jsonl`]) {
        // The JSONL file holds the same run as the JSON file: the second import is a duplicate unless asked for.
        const data = await readExportFile(path.join(dir, file));
        if (file.endsWith('.jsonl')) {
          await expect(migrateFromEvaluationResult(data, { databaseUrl: database.url })).rejects.toThrow(DuplicateImportError);
        }
        const runId = await migrateFromEvaluationResult(data, { databaseUrl: database.url, allowDuplicate: file.endsWith('.jsonl') });
        const run = (await db.runs.getRun(runId))!;
        expect(run).toMatchObject({ name: 'round-trip', modelName: 'echo', totalItems: 4, failedItems: 1, successRate: 0.75 });
        for (const name of result.metricNames) {
          const stored = run.metrics.find((m) => m.metricName === name)!;
          expect([file, name, stored.mean, stored.failedEvaluations]).toEqual([file, name, result.metricStats[name]!.mean, result.metricStats[name]!.errors]);
        }
        const items = await db.runs.listItems(runId);
        expect(items.items.map((i) => i.itemId)).toEqual(['fr', 'jp', 'at', 'pe']);
        expect(items.items[0]).toMatchObject({ input: 'France', expectedOutput: 'Paris', metadata: { continent: 'Europe' } });
        expect(items.items[2]).toMatchObject({ status: 'failed', input: 'Atlantis', errorType: 'TypeError', errorMessage: 'no such country' });
      }
      // An in-memory result migrates directly too.
      const direct = await migrateFromEvaluationResult(result, { databaseUrl: database.url, allowDuplicate: true });
      expect((await db.runs.getRun(direct))!.totalItems).toBe(4);
    } finally {
      await db.close();
    }
  });

  it('leaves nothing behind when an export is bad', async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      const before = (await db.runs.listRuns()).total;
      const broken = JSON.parse(readFileSync(SAMPLE, 'utf8'));
      // The run row is written first; the bad item (a cost past what storage keeps) fails later in the same transaction.
      broken.results.item_4.cost = 1e13;
      await expect(migrateFromEvaluationResult(broken, { databaseUrl: database.url, allowDuplicate: true })).rejects.toThrow(/cost/);
      await expect(migrateFromEvaluationResult({ nope: 1 } as never, { databaseUrl: database.url })).rejects.toThrow(/no "results"/);
      expect((await db.runs.listRuns()).total).toBe(before);
    } finally {
      await db.close();
    }
  });
});
