import { initializeDatabase, type RunWithMetrics } from '@llm-eval/storage';
import { Evaluator } from '../src';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';

/** Relative closeness (absolute below 1): sums may differ in their last bits as their order does. */
const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

/** Every statistic of `a` as of `b`: sums within 1e-9, everything else (percentiles, histograms, counts) exactly. */
function differences(a: RunWithMetrics, b: RunWithMetrics): string[] {
  const out: string[] = [];
  for (const key of ['totalItems', 'successfulItems', 'failedItems', 'minResponseTime', 'maxResponseTime', 'totalTokens'] as const) {
    if (a[key] !== b[key]) out.push(`${key}: ${a[key]} != ${b[key]}`);
  }
  for (const key of ['successRate', 'avgResponseTime', 'totalCost'] as const) if (!close(a[key], b[key])) out.push(`${key}: ${a[key]} != ${b[key]}`);
  const plain = (m: RunWithMetrics['metrics'][number]) => JSON.stringify({ ...m, id: undefined, computedAt: undefined, mean: undefined, stdDev: undefined });
  const bm = new Map(b.metrics.map((m) => [m.metricName, m]));
  if (a.metrics.length !== b.metrics.length) out.push(`metrics: ${a.metrics.length} != ${b.metrics.length}`);
  for (const m of a.metrics) {
    const other = bm.get(m.metricName);
    if (!other) out.push(`${m.metricName} missing`);
    else if (plain(m) !== plain(other) || !close(m.mean, other.mean) || !close(m.stdDev, other.stdDev)) out.push(`${plain(m)} != ${plain(other)}`);
  }
  return out;
}

// A recorded run's statistics are gathered as its items are written (no second pass over them at its end); they
// must be what computeRunMetrics reads back from the stored items.
describe.each(DATABASE_KINDS)('statistics of a recorded run on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('equal computeRunMetrics on the same run, with failed items, metric errors and a cost past the limit', async () => {
    const dataset = Array.from({ length: 700 }, (_, i) => ({ id: `q${i}`, input: i, expected: String(i % 4) }));
    const evaluator = new Evaluator({
      task: async (input: number) => {
        if (input % 97 === 5) throw new Error('model refused');
        // A cost beyond what storage accepts (1e12 per item): not recorded (storage would refuse the item), so not counted.
        const cost = input === 650 ? 5e12 : input % 3 === 0 ? undefined : 0.0001 * (input % 11);
        return { output: String(input % 5), tokensUsed: input % 13, cost };
      },
      dataset,
      metrics: [
        'exact_match',
        { name: 'closeness', fn: (output: unknown, _e: unknown, input: number) => (input % 31 === 0 ? Promise.reject(new Error('judge down')) : 1 / (1 + input)) },
        { name: 'huge', fn: (_o: unknown, _e: unknown, input: number) => (input % 2 === 0 ? 1e300 : -1e300 * (input % 7)) },
      ],
      config: { databaseUrl: database.url, storageBatchSize: 64, maxConcurrency: 8 },
    });
    const warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    let warned: string[];
    const result = await evaluator.run().finally(() => {
      warned = warnings.mock.calls.map((call) => String(call[0]));
      warnings.mockRestore();
    });
    expect(warned!).toEqual([]);
    expect(result.runId).toBeDefined();
    expect(result.items[650]).toMatchObject({ cost: undefined, taskMetadata: { usage_errors: [expect.stringContaining('cost must be at most')] } });

    const db = await initializeDatabase({ url: database.url });
    try {
      const recorded = (await db.runs.requireRun(result.runId!))!;
      // Every item is stored, q650 without its cost.
      expect(recorded.totalItems).toBe(700);
      expect(recorded.totalCost).toBeCloseTo(result.usage.cost, 9);
      expect(recorded.metrics.map((m) => m.metricName).sort()).toEqual(['closeness', 'exact_match', 'huge']);
      await db.runs.computeRunMetrics(result.runId!);
      const recomputed = await db.runs.requireRun(result.runId!);
      expect(differences(recorded, recomputed)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
