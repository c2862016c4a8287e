import { ALL_MIGRATIONS, checkHealth, initializeDatabase, type Database } from '../src';
import { createTestDatabase, DATABASE_KINDS, useMigratedDatabase, schemaDiff } from './databases';

const MIGRATION_NAMES = ALL_MIGRATIONS.map((M) => new M().name!);

describe.each(DATABASE_KINDS)('schema migrations on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  beforeAll(() => {
    db = testDb.db;
  });

  it('leaves no difference between the migrated schema and the entities', async () => {
    expect(await schemaDiff(db.dataSource)).toEqual([]);
  });

  it('is safe to initialize again: nothing pending, nothing re-applied', async () => {
    const again = await initializeDatabase({ url: testDb.url });
    try {
      const applied = await again.dataSource.query(`SELECT COUNT(*) AS n FROM "llm_eval_migrations"`);
      expect(Number(applied[0].n)).toBe(ALL_MIGRATIONS.length);
      expect(await again.dataSource.showMigrations()).toBe(false);
    } finally {
      await again.close();
    }
  });

  it('creates at least 15 named indexes on the evaluation tables', async () => {
    const sql =
      kind === 'postgres'
        ? `SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND (indexname LIKE 'IDX_%' OR indexname LIKE 'UQ_%')`
        : `SELECT name FROM sqlite_master WHERE type = 'index' AND (name LIKE 'IDX_%' OR name LIKE 'UQ_%')`;
    const names = (await db.dataSource.query(sql)).map((r: { name: string }) => r.name);
    expect(names.length).toBeGreaterThanOrEqual(15);
    expect(names).toEqual(expect.arrayContaining(['IDX_runs_project_created', 'IDX_runs_status_created', 'IDX_items_run_sequence', 'IDX_run_metrics_name_mean']));
  });

  it('reports the schema version and no pending migrations in health', async () => {
    const health = await checkHealth({ url: testDb.url });
    expect(health).toMatchObject({ ok: true, reachable: true, backend: kind, pendingMigrations: [] });
    expect(health.schemaVersion).toBe(MIGRATION_NAMES.at(-1));
    expect(health.rowCounts).toMatchObject({ evaluation_runs: 0, evaluation_items: 0 });
    expect(health.sizeBytes).toBeGreaterThan(0);
  });

  it('reports pending migrations of a database that was never initialized', async () => {
    const fresh = await createTestDatabase(kind);
    try {
      const health = await checkHealth({ url: fresh.url });
      expect(health.ok).toBe(false);
      expect(health.reachable).toBe(true);
      expect(health.pendingMigrations).toEqual(MIGRATION_NAMES);
      expect(health.error).toMatch(/pending/);
    } finally {
      await fresh.drop();
    }
  });

  it('can revert every migration and apply them again', async () => {
    for (let i = 0; i < ALL_MIGRATIONS.length; i++) await db.dataSource.undoLastMigration();
    expect(await db.dataSource.createQueryRunner().hasTable('evaluation_runs')).toBe(false);
    await db.dataSource.runMigrations();
    expect(await schemaDiff(db.dataSource)).toEqual([]);
  });
});
