import { checkHealth } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// A database may hold a run row stored before the integrity rules (migration 1806000000000) that breaks them. The
// health report still says everything else it knows, and names the part it could not read and why.

describe.each(DATABASE_KINDS)('checkHealth of a database holding a run it cannot read, on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  it('reports the newest run as unreadable, with the reason, and keeps the rest of the report', async () => {
    const { db } = testDb;
    await db.runs.createRun({ name: 'readable' });
    // The row as it could be stored before the rules: the rule on created_at is lifted to write it.
    if (kind === 'postgres') {
      await db.dataSource.query(`ALTER TABLE "evaluation_runs" DROP CONSTRAINT "CHK_runs_created_at_years"`);
      await db.dataSource.query(
        `INSERT INTO "evaluation_runs" ("id", "run_key", "name", "status", "created_at") VALUES ('7d3b2c1a-0f9e-4d8c-b7a6-5e4d3c2b1a09', 99, 'bad', 'completed', 'infinity')`,
      );
    } else {
      await db.dataSource.query(`DROP TRIGGER "TRG_evaluation_runs_integrity_insert"`);
      await db.dataSource.query(
        `INSERT INTO "evaluation_runs" ("id", "run_key", "name", "status", "created_at") VALUES ('7d3b2c1a-0f9e-4d8c-b7a6-5e4d3c2b1a09', 99, 'bad', 'completed', 'yesterday-ish')`,
      );
    }

    const health = await checkHealth({ dataSource: db.dataSource, config: db.config });

    expect(health).toMatchObject({ ok: true, reachable: true, backend: kind, pendingMigrations: [], latestRun: null });
    expect(health.rowCounts.evaluation_runs).toBe(2);
    expect(health.sizeBytes).toBeGreaterThan(0);
    expect(health.unreadable).toEqual([
      { part: 'latestRun', reason: expect.stringMatching(kind === 'postgres' ? /created_at .*Infinity.* is not a date/ : /created_at "yesterday-ish" is not a date/) },
    ]);
    expect(JSON.parse(JSON.stringify(health)).unreadable).toHaveLength(1);
  });
});
