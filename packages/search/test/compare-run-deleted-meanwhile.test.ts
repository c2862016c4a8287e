import { initializeDatabase, RunNotFoundError, type Database } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// A run deleted while a comparison of it was being computed failed the comparison's cache write on its foreign key:
// the server answered 500 "Database error (23503)" (5 of 5 tries of GET /compare racing DELETE /runs/:run). It is
// the run not being found, as it would be a moment later. PostgreSQL only: there an uncommitted delete makes the
// cache write wait on the run's row, so the interleaving is certain; SQLite runs one write at a time and takes the
// same path when the delete lands between the comparison's reads and its write.
describe('a comparison whose run is deleted before it is cached, on postgres', () => {
  const database = useEmptyDatabase('postgres');
  let db: Database;
  let other: Database;
  let engine: RunSearchEngine;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    other = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
  });
  afterAll(async () => {
    await db?.close();
    await other?.close();
  });

  const store = async (name: string) =>
    (
      await db.runs.importRun(
        { name, metricsUsed: ['s'], status: 'completed' },
        Array.from({ length: 20 }, (_, i) => ({ itemId: `q${i}`, scores: { s: (i * 7) % 3 } })),
      )
    ).id;

  /** Sessions of this database waiting for a lock. */
  const waiting = async () =>
    Number(
      (
        await other.dataSource.query(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      )[0].n,
    );

  it('says the run was not found, and caches nothing', async () => {
    const a = await store('kept');
    const b = await store('deleted');
    // Another session deletes B and holds its transaction open: B is still there for the comparison's reads.
    const deleter = other.dataSource.createQueryRunner();
    await deleter.connect();
    await deleter.startTransaction();
    await deleter.query('DELETE FROM "evaluation_runs" WHERE "id" = $1', [b]);
    const compared = engine.compareRuns(a, b).then(
      () => undefined,
      (error: unknown) => error,
    );
    // The cache write needs B's row, which the delete holds.
    const deadline = Date.now() + 10_000;
    while ((await waiting()) === 0) {
      if (Date.now() > deadline) throw new Error('the comparison never waited for the deleted run');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await deleter.commitTransaction();
    await deleter.release();
    const error = await compared;
    expect(error).toBeInstanceOf(RunNotFoundError);
    expect((error as Error).message).toContain(b);
    const [{ n }] = await db.dataSource.query('SELECT count(*) AS n FROM "run_comparisons"');
    expect(Number(n)).toBe(0);
    // The run left is compared as before with another one.
    const c = await store('third');
    expect((await engine.compareRuns(a, c)).metrics).toHaveLength(1);
  });
});
