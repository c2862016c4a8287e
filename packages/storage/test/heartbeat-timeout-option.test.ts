import { initializeDatabase, ValidationError, type Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// initializeDatabase({ heartbeatTimeoutSeconds }) reaches the run repository: it decides when a silent writer's run
// reads as abandoned, in getRun, listRuns' status filter and findRunsOlderThan alike.
describe.each(DATABASE_KINDS)('initializeDatabase heartbeatTimeoutSeconds on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let runId: string;
  beforeAll(async () => {
    // Written from another host (only the heartbeat can tell), last heard from a minute ago.
    const run = await testDb.db.runs.createRun({
      name: 'quiet',
      status: 'running',
      writerHost: 'elsewhere.example',
      writerPid: 4242,
      heartbeatAt: new Date(Date.now() - 60_000),
      createdAt: new Date(Date.now() - 3 * 86_400_000),
    });
    runId = run.id;
  });

  async function withTimeout<T>(seconds: number | undefined, read: (db: Database) => Promise<T>): Promise<T> {
    const db = await initializeDatabase({ url: testDb.url, heartbeatTimeoutSeconds: seconds });
    try {
      return await read(db);
    } finally {
      await db.close();
    }
  }

  it('a minute of silence is still running under the default 120 s, and abandoned under a 30 s timeout', async () => {
    expect((await withTimeout(undefined, (db) => db.runs.requireRun(runId))).status).toBe('running');
    expect((await withTimeout(30, (db) => db.runs.requireRun(runId))).status).toBe('abandoned');
    expect((await withTimeout(300, (db) => db.runs.requireRun(runId))).status).toBe('running');
  });

  it('status filters and the older-runs filter use it too', async () => {
    const abandoned = await withTimeout(30, (db) => db.runs.listRuns({ status: 'abandoned' }));
    expect(abandoned.runs.map((r) => r.id)).toEqual([runId]);
    const older = await withTimeout(30, (db) => db.runs.findRunsOlderThan({ before: new Date(), statuses: ['abandoned'] }));
    expect(older.ids).toEqual([runId]);
    const running = await withTimeout(300, (db) => db.runs.findRunsOlderThan({ before: new Date(), statuses: ['abandoned'] }));
    expect(running.total).toBe(0);
  });

  it('rejects a timeout that is not a positive number before connecting', async () => {
    await expect(initializeDatabase({ url: testDb.url, heartbeatTimeoutSeconds: 0 })).rejects.toThrow(ValidationError);
    await expect(initializeDatabase({ url: testDb.url, heartbeatTimeoutSeconds: Number.NaN })).rejects.toThrow(/heartbeatTimeoutSeconds must be a positive number/);
  });
});
