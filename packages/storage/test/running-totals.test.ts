import { ItemsRejectedError, type ItemInput } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// A running run's row carries its totals as items arrive, so readers never aggregate a live run's items (a dashboard
// polling a 1,000,000-item run) and never report "0 items" for a run holding thousands.
describe.each(DATABASE_KINDS)('running totals kept by addItems on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  function batch(from: number, count: number): ItemInput[] {
    return Array.from({ length: count }, (_, k) => {
      const i = from + k;
      return {
        itemId: `i${i}`,
        status: i % 5 === 0 ? 'failed' : 'completed',
        responseTime: 0.01 * ((i % 7) + 1),
        tokensUsed: i % 3,
        cost: 0.001 * (i % 4),
        scores: { exact_match: i % 2 },
      };
    });
  }

  it('match the totals computed from the stored items after every batch, skipping refused items', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'live', status: 'running', metricsUsed: ['exact_match'] });
    await runs.addItems(run.id, batch(0, 700));
    let live = await runs.requireRun(run.id);
    expect(live).toMatchObject({ status: 'running', totalItems: 700, successfulItems: 560, failedItems: 140 });

    // A batch with one item storage refuses (a duplicate id): the others count, the refused one does not.
    const next = batch(700, 300);
    next[10] = { ...next[10]!, itemId: 'i3' };
    await expect(runs.addItems(run.id, next)).rejects.toThrow(ItemsRejectedError);
    live = await runs.requireRun(run.id);
    const listed = (await runs.listRuns({ limit: 5 })).runs.find((r) => r.id === run.id)!;

    // What the run's own end computes from its items is the reference.
    await runs.computeRunMetrics(run.id);
    const computed = await runs.requireRun(run.id);
    expect(computed.totalItems).toBe(999);
    for (const shown of [live, listed]) {
      expect(shown.totalItems).toBe(computed.totalItems);
      expect(shown.successfulItems).toBe(computed.successfulItems);
      expect(shown.failedItems).toBe(computed.failedItems);
      expect(shown.successRate).toBeCloseTo(computed.successRate, 12);
      expect(shown.totalTokens).toBe(computed.totalTokens);
      expect(shown.totalCost).toBeCloseTo(computed.totalCost, 9);
      expect(shown.avgResponseTime).toBeCloseTo(computed.avgResponseTime!, 9);
      expect(shown.minResponseTime).toBeCloseTo(computed.minResponseTime!, 12);
      expect(shown.maxResponseTime).toBeCloseTo(computed.maxResponseTime!, 12);
    }
  });

  it('leave a finished run alone: its totals are the ones its end wrote', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'done', status: 'running' });
    await runs.addItems(run.id, batch(0, 10));
    await runs.updateRun(run.id, { status: 'completed', totalItems: 10, successfulItems: 8, failedItems: 2, successRate: 0.8 });
    await runs.addItems(run.id, batch(10, 5));
    expect(await runs.requireRun(run.id)).toMatchObject({ status: 'completed', totalItems: 10, successfulItems: 8 });
  });

  it('a running run whose row holds no totals (an older writer) is still counted from its items', async () => {
    const { runs, dataSource } = testDb.db;
    const run = await runs.createRun({ name: 'older writer', status: 'running' });
    await runs.addItems(run.id, batch(0, 40));
    await dataSource.query(`UPDATE "evaluation_runs" SET "total_items" = 0, "successful_items" = 0, "failed_items" = 0 WHERE "id" = ${kind === 'postgres' ? '$1' : '?'}`, [run.id]);
    expect(await runs.requireRun(run.id)).toMatchObject({ totalItems: 40, successfulItems: 32, failedItems: 8 });
  });
});
