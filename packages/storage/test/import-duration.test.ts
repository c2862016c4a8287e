import { DATABASE_KINDS, useMigratedDatabase } from './databases';

describe.each(DATABASE_KINDS)('importRun duration on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  it('is completed − started when the run gives both times but no duration, and what it says when it says one', async () => {
    const startedAt = new Date(Date.UTC(2026, 10, 1, 12, 0, 0));
    const completedAt = new Date(Date.UTC(2026, 10, 1, 12, 1, 35, 500));
    const derived = await testDb.db.runs.importRun({ name: 'timed', status: 'completed', startedAt, completedAt }, []);
    expect(derived.durationSeconds).toBe(95.5);
    const given = await testDb.db.runs.importRun({ name: 'given', status: 'completed', startedAt, completedAt, durationSeconds: 12 }, []);
    expect(given.durationSeconds).toBe(12);
    const untimed = await testDb.db.runs.importRun({ name: 'untimed', status: 'completed', startedAt }, []);
    expect(untimed.durationSeconds).toBe(0);
    const backwards = await testDb.db.runs.importRun({ name: 'backwards', status: 'completed', startedAt: completedAt, completedAt: startedAt }, []);
    expect(backwards.durationSeconds).toBe(0);
  });
});
