import { ValidationError, ItemsRejectedError } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

const MAX = Number.MAX_VALUE;

// Scores, response times and costs near the largest double (about 1.8e308) are valid values. Their statistics used to
// overflow (the mean's sum became Infinity) and reach SQL as a literal: "no such column: Infinity" on SQLite,
// Infinity or NaN stored on PostgreSQL.
describe.each(DATABASE_KINDS)('huge but finite values on %s', (kind) => {
  const handle = useMigratedDatabase(kind);

  const run = (name: string) => ({ name, status: 'completed' as const, metricsUsed: ['score'] });
  const scored = (values: number[]) => values.map((score, i) => ({ itemId: `i${i}`, scores: { score }, responseTime: 1 }));

  it('imports scores of ±1e308 with finite statistics, as stored and as read back', async () => {
    const { runs } = handle.db;
    const imported = await runs.importRun(run('±1e308'), scored([1e308, 1e308, -1e308, 1.7e308, MAX]));
    const [metric] = imported.metrics;
    expect(metric).toMatchObject({ metricName: 'score', min: -1e308, max: MAX, median: 1e308, successfulEvaluations: 5 });
    // (1 + 1 - 1 + 1.7 + 1.7976931348623157) / 5, in units of 1e308
    expect(metric!.mean! / 1e308).toBeCloseTo((1 + 1 - 1 + 1.7 + MAX / 1e308) / 5, 12);
    expect(Number.isFinite(metric!.stdDev)).toBe(true);
    expect(Object.values(metric!.percentiles!).every(Number.isFinite)).toBe(true);
    expect(metric!.histogram!.edges.every(Number.isFinite)).toBe(true);
    expect(metric!.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(5);
    // What a later read sees is the same finite figures (PostgreSQL would otherwise hold Infinity).
    const [stored] = await runs.getRunMetrics(imported.id);
    expect(stored).toMatchObject({ mean: metric!.mean, stdDev: metric!.stdDev, min: -1e308, max: MAX, percentiles: metric!.percentiles });
  });

  it('recomputes the statistics of a live run holding such scores (what finishing a run does)', async () => {
    const { runs } = handle.db;
    const live = await runs.createRun({ ...run('live'), status: 'running' });
    await runs.addItems(live.id, [1e308, 1e308, 1e308].map((score, i) => ({ itemId: `i${i}`, scores: { score } })));
    const [metric] = await runs.computeRunMetrics(live.id);
    expect(metric).toMatchObject({ mean: 1e308, median: 1e308, stdDev: 0, min: 1e308, max: 1e308 });
  });

  it('stores null for a standard deviation beyond the largest double, and every other statistic', async () => {
    const { runs } = handle.db;
    const imported = await runs.importRun(run('-MAX..MAX'), scored([-MAX, MAX]));
    expect(imported.metrics[0]).toMatchObject({ mean: 0, median: 0, stdDev: null, min: -MAX, max: MAX });
    expect((await runs.getRunMetrics(imported.id))[0]).toMatchObject({ mean: 0, stdDev: null });
  });

  it('refuses an item whose response time, cost or tokens are beyond any real call, naming the field, and keeps nothing', async () => {
    const { runs } = handle.db;
    const before = (await runs.listRuns({ limit: 1 })).total;
    for (const [field, value] of [['responseTime', MAX], ['cost', 1e308], ['tokensUsed', 2 ** 31]] as const) {
      const error = await runs.importRun(run(`huge-${field}`), [{ itemId: 'a', [field]: value }]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field, message: expect.stringMatching(/must be at most/) });
      // The whole import failed: the message must not say that only this item was left out.
      expect((error as Error).message).toMatch(/\. Nothing was imported: an import stores the whole run or nothing\.$/);
      expect((error as Error).message).not.toContain('This item was not stored');
    }
    expect((await runs.listRuns({ limit: 1 })).total).toBe(before);
  });

  // PostgreSQL refuses a double precision sum that overflows: a live run's running totals of two items costing 1e308
  // failed the whole batch. The per-item limits keep a million items' totals finite; one item over them costs no other.
  it('stores the other items of a live batch when one carries a cost beyond the limit, with finite running totals', async () => {
    const { runs } = handle.db;
    const live = await runs.createRun({ name: 'live-costly', status: 'running' });
    const items = [{ itemId: 'ok1', cost: 1e12 }, { itemId: 'huge', cost: 1e308 }, { itemId: 'ok2', cost: 1e12 }];
    const error = await runs.addItems(live.id, items).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ItemsRejectedError);
    expect((error as ItemsRejectedError).rejected.map((r) => r.itemId)).toEqual(['huge']);
    const stored = await runs.requireRun(live.id);
    expect(stored).toMatchObject({ totalItems: 2, totalCost: 2e12 });
  });
});
