import v8 from 'node:v8';
import vm from 'node:vm';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { whileLateItemsFail } from './support/reject-late-items';
import { EvaluationResult, Evaluator, ItemsNotKeptError, migrateFromEvaluationResult, withUsage, type EvaluatorConfig, type ItemResult, type ProgressEvent } from '../src';

const ITEMS = 400;
const dataset = Array.from({ length: ITEMS }, (_, i) => ({ id: `q${i}`, input: i, expected: i % 3 === 0 ? 'no' : String(i) }));
const metrics = [
  'exact_match',
  // Spread-out values with ties, so every percentile interpolates somewhere different.
  { name: 'spread', fn: (output: unknown, _e: unknown, input: unknown) => (((input as number) * 7919) % 101) / 7 },
  // Fails on some items: metric errors count apart from scores.
  { name: 'picky', fn: (_o: unknown, _e: unknown, input: unknown) => { if ((input as number) % 11 === 0) throw new Error('no score'); return (input as number) % 2 === 0; } },
];

async function run(config: EvaluatorConfig, onItem?: (item: ItemResult) => void): Promise<EvaluationResult> {
  return new Evaluator({
    task: async (input: number) => {
      if (input % 17 === 5) throw new Error('task broke');
      if (input % 4 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      return withUsage(String(input), { tokensUsed: input % 13, cost: (input % 7) * 0.000137 });
    },
    dataset,
    metrics,
    config: { maxConcurrency: 7, ...config },
  }).run({ onProgress: (e: ProgressEvent) => e.type === 'item' && onItem?.(e.item) });
}

/** Every summary figure of a result; those summed in completion order compared to 1e-9, the rest exactly. */
function expectSameSummary(actual: EvaluationResult, expected: EvaluationResult): void {
  expect(actual.totalItems).toBe(expected.totalItems);
  expect(actual.successfulItems).toBe(expected.successfulItems);
  expect(actual.failedItems).toBe(expected.failedItems);
  expect(actual.successRate).toBe(expected.successRate);
  expect(actual.metricStats).toEqual(expected.metricStats);
  const { totalSeconds, ...timing } = actual.timing;
  const { totalSeconds: expectedTotal, ...expectedTiming } = expected.timing;
  expect(timing).toEqual(expectedTiming);
  expect(Math.abs(totalSeconds - expectedTotal)).toBeLessThan(1e-9);
  expect(actual.usage.tokens).toBe(expected.usage.tokens);
  expect(Math.abs(actual.usage.cost - expected.usage.cost)).toBeLessThan(1e-9);
}

describe('keepItems: false', () => {
  it('keeps no items, and every summary figure equals the one computed from the same run\'s items', async () => {
    const seen: ItemResult[] = [];
    const result = await run({ storeRuns: false, keepItems: false }, (item) => seen.push(item));
    expect(result.items).toEqual([]);
    expect(result.itemsKept).toBe(false);
    expect(seen).toHaveLength(ITEMS);
    // The same items, kept: what keepItems: true computes its figures from.
    const kept = new EvaluationResult({ ...result, summary: undefined, items: [...seen].sort((a, b) => a.index - b.index) });
    expect(kept.itemsKept).toBe(true);
    expectSameSummary(result, kept);
    expect(result.failedItems).toBeGreaterThan(0);
    expect(result.metricStats.picky!.errors).toBeGreaterThan(0);
    expect(result.metricStats.spread!.percentiles!.p90).not.toBe(result.metricStats.spread!.percentiles!.p95);
  });

  it('gives the same counts, metric statistics and usage as a run with keepItems: true', async () => {
    const keptRun = await run({ storeRuns: false });
    const flatRun = await run({ storeRuns: false, keepItems: false });
    expect(keptRun.items).toHaveLength(ITEMS);
    expect(flatRun.totalItems).toBe(ITEMS);
    expect(flatRun.successfulItems).toBe(keptRun.successfulItems);
    expect(flatRun.successRate).toBe(keptRun.successRate);
    expect(flatRun.metricStats).toEqual(keptRun.metricStats);
    expect(flatRun.usage.tokens).toBe(keptRun.usage.tokens);
    expect(Math.abs(flatRun.usage.cost - keptRun.usage.cost)).toBeLessThan(1e-9);
    // Response times are measured anew by each run; they are compared within one run above.
    expect(flatRun.timing.min).not.toBeNull();
  });

  it('refuses toJSON(), save() and migration with ItemsNotKeptError, which says how to export the stored run', async () => {
    const result = await run({ storeRuns: false, keepItems: false });
    expect(() => result.toJSON()).toThrow(ItemsNotKeptError);
    expect(() => result.toJSON()).toThrow(/keepItems: false/);
    await expect(result.save('/tmp/never-written.json')).rejects.toThrow(ItemsNotKeptError);
    // Never an empty run imported in its place.
    await expect(migrateFromEvaluationResult(result, { databaseUrl: 'sqlite::memory:' })).rejects.toThrow(ItemsNotKeptError);
    const stored = new ItemsNotKeptError('1b4e28ba-2fa1-11d2-883f-0016d3cca427');
    expect(stored.message).toContain('llm-eval runs export 1b4e28ba-2fa1-11d2-883f-0016d3cca427');
  });

  it('holds memory flat: 60,000 more streamed items grow the heap by far less than keeping them does', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heapGrowth = async (keepItems: boolean): Promise<number> => {
      const count = 80_000;
      async function* items() {
        for (let i = 0; i < count; i++) yield { id: `s${i}`, input: `question ${i}`, expected: `question ${i}` };
      }
      let atStart = 0;
      const result = await new Evaluator({ task: (x: string) => x, dataset: items(), metrics: ['exact_match'], config: { storeRuns: false, keepItems } }).run({
        onProgress: (e: ProgressEvent) => {
          if (e.type === 'item' && e.done === 20_000) {
            gc();
            atStart = process.memoryUsage().heapUsed;
          }
        },
      });
      gc();
      const growth = process.memoryUsage().heapUsed - atStart;
      expect(result.totalItems).toBe(count);
      return growth / 60_000;
    };
    const flat = await heapGrowth(false);
    const kept = await heapGrowth(true);
    // Flat: two doubles an item (score, response time) plus the dataset stream's duplicate-id guard (its ids).
    expect(flat).toBeLessThan(200);
    expect(kept).toBeGreaterThan(5 * flat);
  });
});

describe.each(DATABASE_KINDS)('keepItems: false with storage on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('stores every item, and the stored statistics equal the result\'s', async () => {
    const result = await run({ databaseUrl: database.url, keepItems: false, storageBatchSize: 64 });
    expect(result.items).toEqual([]);
    expect(result.storageError).toBeUndefined();
    expect(result.storedItems).toBe(ITEMS);
    const db = await initializeDatabase({ url: database.url });
    try {
      const stored = await db.runs.requireRun(result.runId!);
      expect(stored.totalItems).toBe(ITEMS);
      expect(stored.successfulItems).toBe(result.successfulItems);
      expect(stored.totalTokens).toBe(result.usage.tokens);
      expect(Math.abs(Number(stored.totalCost) - result.usage.cost)).toBeLessThan(1e-9);
      for (const m of await db.runs.getRunMetrics(result.runId!)) {
        const mine = result.metricStats[m.metricName]!;
        expect(m.successfulEvaluations).toBe(mine.count);
        expect(m.failedEvaluations).toBe(mine.errors);
        expect(Math.abs(m.mean! - mine.mean!)).toBeLessThan(1e-9);
        expect(Math.abs(m.stdDev! - mine.std!)).toBeLessThan(1e-9);
        expect(m.min).toBe(mine.min);
        expect(m.max).toBe(mine.max);
        expect(m.median).toBe(mine.median);
        expect(m.percentiles).toEqual(mine.percentiles);
      }
    } finally {
      await db.close();
    }
    await expect(result.save('/tmp/never-written.json')).rejects.toThrow(`llm-eval runs export ${result.runId}`);
  });

  it('does not advise saving the result when storing fails, since it kept no items', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const evaluator = new Evaluator({
      task: async (input: number) => input,
      dataset: Array.from({ length: 12 }, (_, i) => ({ input: i })),
      metrics: [],
      config: { databaseUrl: database.url, maxConcurrency: 1, storageBatchSize: 4, keepItems: false },
    });
    // The database fails the second batch.
    const result = await whileLateItemsFail(kind, database.url, 4, () => evaluator.run());
    warn.mockRestore();
    expect(result.totalItems).toBe(12);
    expect(result.storageError?.name).toBe('StorageWriteError');
    expect(result.storageError?.message).toMatch(/kept no items in memory \(keepItems: false\)/);
    expect(result.storageError?.message).not.toMatch(/result\.save\(\)/);
  });
});
