import { RunStatsAccumulator, type Database, type RunRecord } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// updateRun({ status: 'completed', completedAt }) on a run created with a startedAt stored durationSeconds 0: `runs
// show` printed "duration 0 ms", a maximum of 1 ms took it and "duration < 60s" matched it, though only a run that
// really took 0 s may say 0. A run that ends with both times and no duration given took completed − started, however
// it ends (updateRun, createRun, finalizeRun, storeRunStatistics); a duration given explicitly always wins.
describe.each(DATABASE_KINDS)('a run closed without a duration takes it from its times on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  const startedAt = new Date('2026-11-01T12:00:00.000Z');
  const later = (seconds: number) => new Date(startedAt.getTime() + seconds * 1000);
  let project = 0;

  beforeAll(() => {
    db = testDb.db;
  });

  /** A run alone in its own project, so listRuns' duration bounds can be asked about it alone. */
  function createRun(input: Parameters<Database['runs']['createRun']>[0] = { name: 'run' }): Promise<RunRecord> {
    return db.runs.createRun({ ...input, projectId: `duration-${++project}` });
  }

  async function matchesBounds(run: RunRecord, bounds: { minDurationSeconds?: number; maxDurationSeconds?: number }): Promise<boolean> {
    const page = await db.runs.listRuns({ projectId: run.projectId!, ...bounds });
    return page.runs.some((r) => r.id === run.id);
  }

  it('updateRun with a completedAt: completed − the stored startedAt, and the duration bounds see it', async () => {
    const run = await createRun({ name: 'started', startedAt });
    const updated = await db.runs.updateRun(run.id, { status: 'completed', completedAt: later(2.5) });
    expect(updated.durationSeconds).toBe(2.5);
    expect((await db.runs.requireRun(run.id)).durationSeconds).toBe(2.5);
    expect(await matchesBounds(run, { maxDurationSeconds: 0.001 })).toBe(false);
    expect(await matchesBounds(run, { maxDurationSeconds: 60 })).toBe(true);
    expect(await matchesBounds(run, { minDurationSeconds: 2.5, maxDurationSeconds: 2.5 })).toBe(true);
  });

  it('updateRun giving both times, or a startedAt to a run that stores its completedAt', async () => {
    const both = await createRun({ name: 'both' });
    expect((await db.runs.updateRun(both.id, { status: 'completed', startedAt, completedAt: later(95.5) })).durationSeconds).toBe(95.5);
    const ended = await createRun({ name: 'ended', status: 'completed', completedAt: later(7) });
    expect(ended.durationSeconds).toBe(0);
    expect((await db.runs.updateRun(ended.id, { startedAt })).durationSeconds).toBe(7);
  });

  it('a duration the update gives wins over the times', async () => {
    const run = await createRun({ name: 'measured', startedAt });
    const updated = await db.runs.updateRun(run.id, { status: 'completed', completedAt: later(3), durationSeconds: 1.25 });
    expect(updated.durationSeconds).toBe(1.25);
  });

  it('a duration worked out from the times follows them; one given earlier is kept; an update without times leaves it', async () => {
    const run = await createRun({ name: 'moved', startedAt });
    await db.runs.updateRun(run.id, { status: 'completed', completedAt: later(2) });
    expect((await db.runs.updateRun(run.id, { completedAt: later(4) })).durationSeconds).toBe(4);
    expect((await db.runs.updateRun(run.id, { name: 'renamed', tags: ['x'] })).durationSeconds).toBe(4);
    const given = await createRun({ name: 'given', status: 'completed', startedAt, completedAt: later(3), durationSeconds: 2 });
    expect((await db.runs.updateRun(given.id, { completedAt: later(5) })).durationSeconds).toBe(2);
  });

  it('a run that really took 0 s says 0, and one without a start time still has no known duration', async () => {
    const instant = await createRun({ name: 'instant', startedAt });
    expect((await db.runs.updateRun(instant.id, { status: 'completed', completedAt: startedAt })).durationSeconds).toBe(0);
    expect(await matchesBounds(instant, { maxDurationSeconds: 0 })).toBe(true);
    const untimed = await createRun({ name: 'untimed' });
    expect((await db.runs.updateRun(untimed.id, { status: 'completed', completedAt: later(1) })).durationSeconds).toBe(0);
    expect(await matchesBounds(untimed, { maxDurationSeconds: 60 })).toBe(false);
  });

  it('createRun with both times and no duration took completed − started; a given duration is kept', async () => {
    expect((await createRun({ name: 'closed', status: 'completed', startedAt, completedAt: later(12) })).durationSeconds).toBe(12);
    const given = await createRun({ name: 'closed-given', status: 'completed', startedAt, completedAt: later(12), durationSeconds: 11.5 });
    expect(given.durationSeconds).toBe(11.5);
  });

  it('finalizeRun without a duration: completed − started, also when completedAt defaults to now or the run was cancelled', async () => {
    const given = await createRun({ name: 'finalised', status: 'running', startedAt });
    expect(await db.runs.finalizeRun(given.id, { status: 'completed', completedAt: later(30) })).toBe(true);
    expect((await db.runs.requireRun(given.id)).durationSeconds).toBe(30);

    const now = await createRun({ name: 'finalised-now', status: 'running', startedAt });
    expect(await db.runs.finalizeRun(now.id, { status: 'failed' })).toBe(true);
    const settled = await db.runs.requireRun(now.id);
    expect(settled.completedAt).toBeInstanceOf(Date);
    expect(settled.durationSeconds).toBe((settled.completedAt!.getTime() - startedAt.getTime()) / 1000);

    const cancelled = await createRun({ name: 'cancelled', status: 'running', startedAt });
    expect(await db.runs.cancelRun(cancelled.id, 'stop')).toBe(true);
    expect(await db.runs.finalizeRun(cancelled.id, { status: 'cancelled', completedAt: later(8) })).toBe(true);
    expect(await db.runs.requireRun(cancelled.id)).toMatchObject({ status: 'cancelled', durationSeconds: 8 });

    const measured = await createRun({ name: 'finalised-measured', status: 'running', startedAt });
    expect(await db.runs.finalizeRun(measured.id, { status: 'completed', completedAt: later(30), durationSeconds: 29 })).toBe(true);
    expect((await db.runs.requireRun(measured.id)).durationSeconds).toBe(29);
  });

  it('storeRunStatistics with a final state that gives times but no duration', async () => {
    const run = await createRun({ name: 'streamed', status: 'running', startedAt, metricsUsed: ['quality'] });
    const item = { itemId: 'a', scores: { quality: 1 } };
    await db.runs.addItems(run.id, [item]);
    const stats = new RunStatsAccumulator();
    stats.addItem(item);
    await db.runs.storeRunStatistics(run.id, stats, { status: 'completed', completedAt: later(6.75) });
    expect(await db.runs.requireRun(run.id)).toMatchObject({ status: 'completed', durationSeconds: 6.75, totalItems: 1 });
  });

  it('storeRunStatistics with a final status and no end: it ended now, as finalizeRun has it, never a 0 s run', async () => {
    const start = new Date(Date.now() - 90_000);
    const run = await createRun({ name: 'no-end', status: 'running', startedAt: start, metricsUsed: ['quality'] });
    const before = Date.now();
    await db.runs.storeRunStatistics(run.id, new RunStatsAccumulator(), { status: 'failed' });
    const stored = await db.runs.requireRun(run.id);
    expect(stored.status).toBe('failed');
    expect(stored.completedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(stored.completedAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(stored.durationSeconds).toBeCloseTo((stored.completedAt!.getTime() - start.getTime()) / 1000, 6);
    expect(await matchesBounds(run, { maxDurationSeconds: 60 })).toBe(false);
  });
});

// updateRun({ status: 'completed' }) with no end gave a run with a start time the duration 0 (a 0 s run).
describe.each(DATABASE_KINDS)('a run finished by updateRun without an end on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  it('ends now: completed − started, never 0 s; a run without a start time keeps an unknown duration', async () => {
    const db = testDb.db;
    const startedAt = new Date(Date.now() - 3000);
    const run = await db.runs.createRun({ name: 'finished', startedAt });
    const before = Date.now();
    const done = await db.runs.updateRun(run.id, { status: 'completed' });
    expect(done.completedAt).not.toBeNull();
    expect(done.completedAt!.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(done.durationSeconds).toBeCloseTo((done.completedAt!.getTime() - startedAt.getTime()) / 1000, 3);
    expect(done.durationSeconds).toBeGreaterThanOrEqual(2.9);

    const failed = await db.runs.updateRun((await db.runs.createRun({ name: 'failed', startedAt })).id, { status: 'failed' });
    expect(failed.durationSeconds).toBeGreaterThanOrEqual(2.9);

    // No start time: nothing tells how long it ran (stored 0 with no start: read as unknown).
    const unstarted = await db.runs.updateRun((await db.runs.createRun({ name: 'unstarted' })).id, { status: 'completed' });
    expect(unstarted).toMatchObject({ startedAt: null, durationSeconds: 0 });

    // An end given, or stored, is kept.
    const ended = await db.runs.createRun({ name: 'ended', startedAt, completedAt: new Date(startedAt.getTime() + 1000), status: 'running' });
    expect((await db.runs.updateRun(ended.id, { status: 'completed' })).durationSeconds).toBe(1);
  });
});
