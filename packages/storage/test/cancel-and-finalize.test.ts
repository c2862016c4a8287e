import { initializeDatabase, RunClosedError, RunStatsAccumulator, RunNotFoundError, type Database, type ItemInput } from '../src';
import { createTestDatabase, DATABASE_KINDS, useMigratedDatabase, type TestDatabase } from './databases';
import { statisticsDifferences } from './statistics-equality';

function batch(from: number, count: number): ItemInput[] {
  return Array.from({ length: count }, (_, k) => ({
    itemId: `i${from + k}`,
    status: (from + k) % 3 === 0 ? 'failed' : 'completed',
    responseTime: 0.5 + ((from + k) % 7) / 10,
    scores: { quality: ((from + k) % 10) / 10 },
  }));
}

const MISSING = '00000000-0000-4000-8000-000000000000';

// Distributed workers poll the run's status: a cancel stored here stops every worker's remaining items, and the one
// finaliser that wins stores the run's statistics and final state.
describe.each(DATABASE_KINDS)('cancelling and finalising a run on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  it('cancelRun cancels a running run once, with its reason; later batches are refused', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'to cancel', status: 'running' });
    await runs.addItems(run.id, batch(0, 10), { onlyWhileRunning: true });
    expect(await runs.cancelRun(run.id, 'cancelled by alice')).toBe(true);
    expect(await runs.requireRun(run.id)).toMatchObject({ status: 'cancelled', statusReason: 'cancelled by alice' });
    expect(await runs.cancelRun(run.id, 'again')).toBe(false);
    expect((await runs.requireRun(run.id)).statusReason).toBe('cancelled by alice');
    await expect(runs.addItems(run.id, batch(10, 5), { onlyWhileRunning: true })).rejects.toThrow(RunClosedError);
    expect((await runs.listItems(run.id, { limit: 1 })).total).toBe(10);
  });

  it('cancelRun leaves a finished run alone and names a missing run', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'done', status: 'completed' });
    expect(await runs.cancelRun(run.id)).toBe(false);
    expect((await runs.requireRun(run.id)).status).toBe('completed');
    await expect(runs.cancelRun(MISSING)).rejects.toThrow(RunNotFoundError);
    await expect(runs.cancelRun('not-a-uuid')).rejects.toThrow(RunNotFoundError);
  });

  it('finalizeRun stores statistics and the final state once; a second call changes nothing', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'finalise', status: 'running', metricsUsed: ['quality'] });
    await runs.addItems(run.id, batch(0, 90), { ignoreDuplicates: true });
    const completedAt = new Date();
    expect(await runs.finalizeRun(run.id, { status: 'completed', completedAt, durationSeconds: 3 })).toBe(true);
    const final = await runs.requireRun(run.id);
    expect(final).toMatchObject({ status: 'completed', completedAt, durationSeconds: 3, totalItems: 90, successfulItems: 60, failedItems: 30 });
    expect(final.metrics.map((m) => [m.metricName, m.successfulEvaluations])).toEqual([['quality', 90]]);
    expect(await runs.finalizeRun(run.id, { status: 'failed', statusReason: 'late finaliser', durationSeconds: 99 })).toBe(false);
    expect(await runs.requireRun(run.id)).toMatchObject({ status: 'completed', durationSeconds: 3, statusReason: null });
    await runs.computeRunMetrics(run.id);
    expect(statisticsDifferences(final, await runs.requireRun(run.id))).toEqual([]);
  });

  it('a cancelled run is finalised once and stays cancelled with its reason', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'cancel then finalise', status: 'running', metricsUsed: ['quality'] });
    await runs.addItems(run.id, batch(0, 20));
    await runs.cancelRun(run.id, 'Ctrl-C');
    expect(await runs.finalizeRun(run.id, { status: 'completed', durationSeconds: 1 })).toBe(true);
    const final = await runs.requireRun(run.id);
    expect(final).toMatchObject({ status: 'cancelled', statusReason: 'Ctrl-C', totalItems: 20, durationSeconds: 1 });
    expect(final.completedAt).toBeInstanceOf(Date);
    expect(await runs.finalizeRun(run.id, { status: 'cancelled' })).toBe(false);
    await expect(runs.finalizeRun(MISSING, { status: 'completed' })).rejects.toThrow(RunNotFoundError);
  });
});

describe.each(DATABASE_KINDS)('storeRunStatistics of a run cancelled while written, on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  it('keeps it cancelled with its reason, and stores its statistics and times', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'cancelled meanwhile', status: 'running', metricsUsed: ['quality'] });
    const items = batch(0, 12);
    await runs.addItems(run.id, items);
    await runs.cancelRun(run.id, 'cancelled through the API');
    const acc = new RunStatsAccumulator();
    items.forEach((item) => acc.addItem(item));
    const completedAt = new Date();
    await runs.storeRunStatistics(run.id, acc, { status: 'completed', completedAt, durationSeconds: 2 });
    expect(await runs.requireRun(run.id)).toMatchObject({
      status: 'cancelled',
      statusReason: 'cancelled through the API',
      completedAt,
      durationSeconds: 2,
      totalItems: 12,
    });
  });
});

// A writer that was paused (a suspended laptop, SIGSTOP, a long stall) may come back after its run was settled by
// someone else: `runs recover --force` stored it as failed, or a finaliser completed it. It must change nothing.
describe.each(DATABASE_KINDS)('a late writer of a settled run, on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  it('storeRunStatistics of a run recovered meanwhile throws RunClosedError and leaves it as recovered', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'recovered meanwhile', status: 'running', metricsUsed: ['quality'] });
    const items = batch(0, 30);
    await runs.addItems(run.id, items.slice(0, 10), { onlyWhileRunning: true });
    const recovered = await runs.recoverRun(run.id, { force: true });
    expect(recovered).toMatchObject({ status: 'failed', items: 10 });
    const before = await runs.requireRun(run.id);
    // The writer, back, finds its batch refused, and its statistics and final state too.
    await expect(runs.addItems(run.id, items.slice(10), { onlyWhileRunning: true })).rejects.toThrow(RunClosedError);
    const acc = new RunStatsAccumulator();
    items.forEach((item) => acc.addItem(item));
    const late = runs.storeRunStatistics(run.id, acc, { status: 'completed', completedAt: new Date(), durationSeconds: 9 });
    await expect(late).rejects.toThrow(RunClosedError);
    await expect(late).rejects.toThrow(/is failed/);
    const after = await runs.requireRun(run.id);
    expect(after).toMatchObject({ status: 'failed', totalItems: 10, statusReason: before.statusReason, durationSeconds: before.durationSeconds });
    expect(statisticsDifferences(after, before)).toEqual([]);
  });

  it('storeRunStatistics of a finalised run (even a cancelled one) throws RunClosedError', async () => {
    const { runs } = testDb.db;
    const done = await runs.createRun({ name: 'finalised', status: 'running', metricsUsed: ['quality'] });
    await runs.addItems(done.id, batch(0, 5));
    expect(await runs.finalizeRun(done.id, { status: 'completed', durationSeconds: 1 })).toBe(true);
    const cancelled = await runs.createRun({ name: 'cancelled and finalised', status: 'running', metricsUsed: ['quality'] });
    await runs.addItems(cancelled.id, batch(0, 5));
    await runs.cancelRun(cancelled.id, 'stop');
    expect(await runs.finalizeRun(cancelled.id, { status: 'cancelled', durationSeconds: 1 })).toBe(true);
    for (const id of [done.id, cancelled.id]) {
      const acc = new RunStatsAccumulator();
      batch(0, 50).forEach((item) => acc.addItem(item));
      await expect(runs.storeRunStatistics(id, acc, { status: 'completed', durationSeconds: 7 })).rejects.toThrow(RunClosedError);
      expect(await runs.requireRun(id)).toMatchObject({ totalItems: 5, durationSeconds: 1 });
    }
  });

  it('heartbeat returns the stored status, so a writer learns its run was closed; it moves only a running run', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'beating', status: 'running' });
    const first = new Date(Date.now() - 60_000);
    expect(await runs.heartbeat(run.id, first)).toBe('running');
    expect((await runs.requireRun(run.id)).heartbeatAt).toEqual(first);
    await runs.cancelRun(run.id, 'stop');
    expect(await runs.heartbeat(run.id, new Date())).toBe('cancelled');
    expect((await runs.requireRun(run.id)).heartbeatAt).toEqual(first);
    expect(await runs.heartbeat(MISSING)).toBeNull();
    expect(await runs.heartbeat("x'); DROP TABLE evaluation_runs; --")).toBeNull();
    expect(await runs.getRun(run.id)).not.toBeNull();
  });
});

describe('finalisers racing on one PostgreSQL run', () => {
  let testDb: TestDatabase;
  const dbs: Database[] = [];
  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    dbs.push(await initializeDatabase({ url: testDb.url }));
    dbs.push(await initializeDatabase({ url: testDb.url, migrate: false }));
  });
  afterAll(async () => {
    for (const db of dbs) await db.close();
    await testDb?.drop();
  });

  it('exactly one of two concurrent finalizeRun calls stores the run', async () => {
    const [a, b] = dbs as [Database, Database];
    for (let round = 0; round < 5; round++) {
      const run = await a.runs.createRun({ name: `race ${round}`, status: 'running', metricsUsed: ['quality'] });
      await a.runs.addItems(run.id, batch(0, 2000));
      const results = await Promise.all([
        a.runs.finalizeRun(run.id, { status: 'completed', statusReason: 'a' }),
        b.runs.finalizeRun(run.id, { status: 'completed', statusReason: 'b' }),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = await a.runs.requireRun(run.id);
      expect(stored).toMatchObject({ status: 'completed', statusReason: results[0] ? 'a' : 'b', totalItems: 2000 });
      expect(stored.metrics).toHaveLength(1);
    }
  });
});
