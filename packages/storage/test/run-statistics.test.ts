import { ItemsRejectedError, RunStatsAccumulator, type ItemInput } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';
import { statisticsDifferences } from './statistics-equality';

/** mulberry32: the same items on every run of the test. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HUGE = [1e300, -1e300, 1.7e308, -1.7e308, 5e-324, -0];
const STATUSES = ['completed', 'completed', 'completed', 'failed', 'skipped', 'pending', undefined] as const;

/** Items with numeric, boolean, error and missing scores, nulls, huge values, and one invalid item in some batches. */
function randomItems(random: () => number, from: number, count: number): ItemInput[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const scores: Record<string, unknown> = {};
    const r = random();
    if (r < 0.7) scores.accuracy = random() < 0.05 ? pick(HUGE) : Math.round(random() * 1000) / 1000;
    else if (r < 0.8) scores.accuracy = { error: 'judge timed out' };
    if (random() < 0.6) scores.exact = random() < 0.5;
    if (random() < 0.3) scores.mixed = random() < 0.5 ? random() > 0.5 : random() * 10;
    if (random() < 0.2) scores['odd\u0000name'] = random() < 0.1 ? -0 : random();
    if (i % 50 === 0) scores.extremes = i % 100 === 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
    return {
      itemId: `item-${i}`,
      status: pick(STATUSES),
      responseTime: random() < 0.1 ? null : random() < 0.02 ? 1e9 : random() * 3,
      tokensUsed: random() < 0.2 ? undefined : Math.floor(random() * 5000),
      cost: random() < 0.3 ? null : random() < 0.01 ? 1e12 : random() / 100,
      scores: random() < 0.05 ? undefined : (scores as ItemInput['scores']),
    };
  });
}

// A run's statistics are gathered as its items are written, never by reading them all back at its end; they must be
// the statistics computeRunMetrics reads back from the stored items.
describe.each(DATABASE_KINDS)('statistics accumulated while writing, on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  it('equal what computeRunMetrics computes from the stored items (sums to 1e-9, percentiles and histograms exactly)', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'accumulated', status: 'running', metricsUsed: ['accuracy', 'exact', 'never_scored'] });
    const random = rng(7);
    const accumulator = new RunStatsAccumulator();
    for (let batch = 0; batch < 12; batch++) {
      const items = randomItems(random, batch * 250, 250);
      // Every third batch holds an item storage refuses: it must not be counted.
      if (batch % 3 === 0) items[17] = { ...items[17]!, responseTime: -1 };
      let refused = new Set<number>();
      try {
        await runs.addItems(run.id, items);
      } catch (error) {
        if (!(error instanceof ItemsRejectedError)) throw error;
        refused = new Set(error.rejected.map((r) => r.index));
      }
      expect(refused.size).toBe(batch % 3 === 0 ? 1 : 0);
      items.forEach((item, i) => refused.has(i) || accumulator.addItem(item));
    }
    expect(accumulator.count).toBe(3000 - 4);

    const startedAt = new Date(Date.now() - 5000);
    const completedAt = new Date();
    await runs.storeRunStatistics(run.id, accumulator, { status: 'completed', startedAt, completedAt, durationSeconds: 5 });
    const stored = await runs.requireRun(run.id);
    expect(stored).toMatchObject({ status: 'completed', startedAt, completedAt, durationSeconds: 5, totalItems: 2996 });
    // (A metric name holding NUL comes back in its stored, escaped form: computeRunMetrics names it so too.)
    expect(stored.metrics.map((m) => m.metricName.slice(0, 3)).sort()).toEqual(['acc', 'exa', 'ext', 'mix', 'nev', 'odd']);
    // Scores near ±1.7e308: a standard deviation beyond the largest double is stored as null, by both.
    expect(stored.metrics.find((m) => m.metricName === 'extremes')!.stdDev).toBeNull();

    await runs.computeRunMetrics(run.id);
    const recomputed = await runs.requireRun(run.id);
    expect(statisticsDifferences(stored, recomputed)).toEqual([]);
  });

  it('replace earlier statistics, and without a final state leave the status alone', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'twice', status: 'running', metricsUsed: ['accuracy'] });
    const items = randomItems(rng(3), 0, 40);
    await runs.addItems(run.id, items);
    const first = new RunStatsAccumulator();
    first.addItem(items[0]!);
    await runs.storeRunStatistics(run.id, first);
    const partial = await runs.requireRun(run.id);
    expect(partial).toMatchObject({ status: 'running', totalItems: 1 });
    await runs.computeRunMetrics(run.id);
    const reference = await runs.requireRun(run.id);
    // The comparison tells statistics of one item from those of forty.
    expect(statisticsDifferences(partial, reference)).not.toEqual([]);
    const all = new RunStatsAccumulator();
    items.forEach((item) => all.addItem(item));
    await runs.storeRunStatistics(run.id, all);
    const stored = await runs.requireRun(run.id);
    expect(stored).toMatchObject({ status: 'running', totalItems: 40 });
    expect(statisticsDifferences(stored, reference)).toEqual([]);
  });

  it('refuse a final state that is not one, naming the field, and store nothing', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'bad final', status: 'running' });
    const acc = new RunStatsAccumulator();
    acc.addItem({ itemId: 'a', scores: { x: 1 } });
    await expect(runs.storeRunStatistics(run.id, acc, { status: 'running' as never })).rejects.toThrow(/field "status"/);
    expect((await runs.requireRun(run.id)).metrics).toEqual([]);
  });
});
