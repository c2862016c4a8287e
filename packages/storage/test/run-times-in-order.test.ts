import { ValidationError, type Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// updateRun took a completedAt before the run's startedAt (or a startedAt after its completedAt): a run that ended
// before it began, whose completed − started is negative. Refused, naming both times and how to fix it; the run is
// left as it was.
describe.each(DATABASE_KINDS)('updateRun keeps a run from ending before it starts on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  const startedAt = new Date('2026-11-01T12:00:00.000Z');
  const before = new Date('2026-11-01T11:59:59.000Z');
  const after = new Date('2026-11-01T12:05:00.000Z');

  beforeAll(() => {
    db = testDb.db;
  });

  async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
    const error = await promise.then(
      () => {
        throw new Error('updateRun accepted it');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }

  it('refuses a completedAt earlier than the stored startedAt, naming both times and the fix; nothing changes', async () => {
    const run = await db.runs.createRun({ name: 'started', startedAt });
    const error = await refusal(db.runs.updateRun(run.id, { status: 'completed', completedAt: before }));
    expect(error.field).toBe('completedAt');
    expect(error.message).toContain('2026-11-01T11:59:59.000Z');
    expect(error.message).toContain('2026-11-01T12:00:00.000Z');
    expect(error.message).toMatch(/completedAt .* before .*startedAt/);
    expect(error.message).toMatch(/give a completedAt at or after/i);
    const stored = await db.runs.requireRun(run.id);
    expect(stored.status).toBe('running');
    expect(stored.completedAt).toBeNull();
    expect(stored.startedAt?.toISOString()).toBe(startedAt.toISOString());
  });

  it('refuses both times in one update out of order', async () => {
    const run = await db.runs.createRun({ name: 'both' });
    const error = await refusal(db.runs.updateRun(run.id, { startedAt, completedAt: before, durationSeconds: 0 }));
    expect(error.field).toBe('completedAt');
    expect((await db.runs.requireRun(run.id)).startedAt).toBeNull();
  });

  it('refuses a startedAt later than the stored completedAt', async () => {
    const run = await db.runs.createRun({ name: 'finished', status: 'completed', completedAt: startedAt });
    const error = await refusal(db.runs.updateRun(run.id, { startedAt: after }));
    expect(error.field).toBe('startedAt');
    expect(error.message).toContain('2026-11-01T12:05:00.000Z');
    expect(error.message).toContain('2026-11-01T12:00:00.000Z');
    expect((await db.runs.requireRun(run.id)).startedAt).toBeNull();
  });

  it('takes times in order, equal times (a 0 s run), a cleared time, and a completedAt of a run without a start time', async () => {
    const run = await db.runs.createRun({ name: 'fine', startedAt });
    expect((await db.runs.updateRun(run.id, { completedAt: after })).completedAt?.toISOString()).toBe(after.toISOString());
    expect((await db.runs.updateRun(run.id, { completedAt: startedAt })).completedAt?.toISOString()).toBe(startedAt.toISOString());
    // Moving the start back before an earlier end in the same update is in order.
    expect((await db.runs.updateRun(run.id, { startedAt: before, completedAt: startedAt })).startedAt?.toISOString()).toBe(before.toISOString());
    expect((await db.runs.updateRun(run.id, { startedAt: null })).startedAt).toBeNull();
    const untimed = await db.runs.createRun({ name: 'untimed' });
    expect((await db.runs.updateRun(untimed.id, { status: 'completed', completedAt: before })).status).toBe('completed');
    // An update that gives neither time is not judged by them (an older row stored out of order stays editable).
    expect((await db.runs.updateRun(untimed.id, { name: 'renamed' })).name).toBe('renamed');
  });
});

// createRun (and the server's POST /runs, which calls it) stored a run ending before it began, with a duration of 0 s
// it never had; only updateRun refused it. Imports keep a foreign export's times as written (see checkRunTimes).
describe.each(DATABASE_KINDS)('createRun keeps a run from ending before it starts on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  const startedAt = new Date('2026-11-01T12:00:00.000Z');
  const before = new Date('2026-11-01T11:59:59.000Z');

  it('refuses a completedAt earlier than the startedAt, naming both times and the fix; stores nothing', async () => {
    const db = testDb.db;
    const error = await db.runs.createRun({ name: 'backwards', status: 'completed', startedAt, completedAt: before }).then(
      () => {
        throw new Error('createRun accepted it');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('completedAt');
    expect((error as Error).message).toContain('2026-11-01T11:59:59.000Z');
    expect((error as Error).message).toContain('2026-11-01T12:00:00.000Z');
    expect((error as Error).message).toMatch(/give a completedAt at or after/i);
    expect((await db.runs.listRuns({ limit: 10 })).runs.map((r) => r.name)).not.toContain('backwards');
  });

  it('takes equal times, times in order, and either time alone', async () => {
    const db = testDb.db;
    expect((await db.runs.createRun({ name: 'zero', status: 'completed', startedAt, completedAt: startedAt })).durationSeconds).toBe(0);
    expect((await db.runs.createRun({ name: 'ordered', status: 'completed', startedAt: before, completedAt: startedAt })).durationSeconds).toBe(1);
    await expect(db.runs.createRun({ name: 'end only', status: 'completed', completedAt: before })).resolves.toMatchObject({ name: 'end only' });
  });

  it('still imports an export whose run ended before it started, as written', async () => {
    const db = testDb.db;
    const run = await db.runs.importRun({ name: 'foreign', status: 'completed', startedAt, completedAt: before }, []);
    expect(run.completedAt?.toISOString()).toBe(before.toISOString());
  });
});
