import { RunStatsAccumulator } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// A run scored on thousands of distinct metrics (per-label or per-slice scores) used to be impossible to finish: its
// statistics went in one INSERT, past SQLite's expression depth at 1,000 metrics and PostgreSQL's bound-parameter
// limit near 4,700, so finishing failed and the run stayed running.
describe.each(DATABASE_KINDS)('a run with 5,000 metric names, on %s', (kind) => {
  const handle = useMigratedDatabase(kind);
  const METRICS = Array.from({ length: 5_000 }, (_, i) => `label_${String(i).padStart(4, '0')}`);
  const scores = (offset: number) => Object.fromEntries(METRICS.map((m, i) => [m, ((i + offset) % 10) / 10]));
  const items = [
    { itemId: 'a', scores: scores(0), responseTime: 1 },
    { itemId: 'b', scores: scores(3), responseTime: 2 },
  ];

  it('finishes with the statistics of every metric (finalizeRun, which reads them back from the items)', async () => {
    const { runs } = handle.db;
    const run = await runs.createRun({ name: 'many metrics', status: 'running', metricsUsed: METRICS });
    await runs.addItems(run.id, items);
    expect(await runs.finalizeRun(run.id, { status: 'completed' })).toBe(true);
    expect((await runs.getRun(run.id))?.status).toBe('completed');
    const stored = await runs.getRunMetrics(run.id);
    expect(stored).toHaveLength(5_000);
    const byName = new Map(stored.map((m) => [m.metricName, m]));
    expect(byName.get('label_0000')?.mean).toBeCloseTo(0.15, 12);
    expect(byName.get('label_4999')?.mean).toBeCloseTo(0.55, 12);
  });

  it('finishes with the statistics of every metric (storeRunStatistics, as the evaluator stores them)', async () => {
    const { runs } = handle.db;
    const run = await runs.createRun({ name: 'many metrics, streamed', status: 'running', metricsUsed: METRICS });
    await runs.addItems(run.id, items);
    const accumulator = new RunStatsAccumulator();
    for (const item of items) accumulator.addItem(item);
    await runs.storeRunStatistics(run.id, accumulator, { status: 'completed' });
    expect((await runs.getRun(run.id))?.status).toBe('completed');
    expect(await runs.getRunMetrics(run.id)).toHaveLength(5_000);
    // Stored again (a second finish): replaced, not doubled.
    await runs.computeRunMetrics(run.id);
    expect(await runs.getRunMetrics(run.id)).toHaveLength(5_000);
  });
});
