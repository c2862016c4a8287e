import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS, createDataSource, initializeDatabase } from '../src';
import { createTestDatabase, type TestDatabase } from './databases';

// Storage now lower-cases every run id it is given and looks runs up by the lower-case id. A run stored on SQLite
// before with an upper-case id (a client's own id) would have been found by no id at all: `runs show latest` resolved
// it, then could not read it. The migration lower-cases such ids with every row that names them.
const UPPER = 'ABCDEF01-2345-4678-89AB-CDEF01234567';
const OTHER = '0a7c9d1e-2b3f-4a5b-8c6d-7e8f9a0b1c2d';
const TWIN_UPPER = 'FEDCBA98-7654-4321-8FED-CBA987654321';

describe('the run ids lower-case migration on SQLite', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('lower-cases upper-case run ids with their tags, metrics and comparisons; leaves a run whose lower-case twin exists', async () => {
    const { dataSource: template } = createDataSource({ url: testDb.url });
    const index = ALL_MIGRATIONS.findIndex((M) => new M().name === 'RunIdsLowerCase1808000000000');
    expect(index).toBeGreaterThan(0);
    const previous = new DataSource({ ...template.options, entities: [], migrations: ALL_MIGRATIONS.slice(0, index) } as DataSourceOptions);
    await previous.initialize();
    try {
      await previous.runMigrations({ transaction: 'each' });
      const run = (id: string, key: number, name: string) =>
        previous.query(`INSERT INTO "evaluation_runs" ("id", "name", "status", "run_key") VALUES (?, ?, 'completed', ?)`, [id, name, key]);
      await run(UPPER, 1, 'upper');
      await run(OTHER, 2, 'other');
      await run(TWIN_UPPER, 3, 'twin upper');
      await run(TWIN_UPPER.toLowerCase(), 4, 'twin lower');
      await previous.query(`UPDATE "evaluation_runs" SET "tags" = '["nightly"]' WHERE "id" = ?`, [UPPER]);
      await previous.query(`INSERT INTO "run_tags" ("run_id", "tag") VALUES (?, 'nightly')`, [UPPER]);
      await previous.query(`INSERT INTO "run_metrics" ("run_id", "metric_name", "mean", "computed_at") VALUES (?, 'f1', 0.5, '2026-12-05 10:00:00.000')`, [UPPER]);
      await previous.query(`INSERT INTO "run_comparisons" ("run1_id", "run2_id", "options_fingerprint", "result") VALUES (?, ?, 'fp', '{}')`, [OTHER, UPPER]);
      await previous.query(`INSERT INTO "run_comparisons" ("run1_id", "run2_id", "options_fingerprint", "result") VALUES (?, ?, 'fp2', '{}')`, [UPPER, OTHER]);
    } finally {
      await previous.destroy();
    }

    const db = await initializeDatabase({ url: testDb.url });
    try {
      const moved = await db.runs.getRun(UPPER);
      expect(moved).toMatchObject({ id: UPPER.toLowerCase(), name: 'upper', tags: ['nightly'] });
      expect(moved!.metrics.map((m) => [m.metricName, m.mean])).toEqual([['f1', 0.5]]);
      const ids = await db.dataSource.query(`SELECT "id", "name" FROM "evaluation_runs" ORDER BY "name"`);
      expect(ids).toEqual([
        { id: OTHER, name: 'other' },
        { id: TWIN_UPPER.toLowerCase(), name: 'twin lower' },
        { id: TWIN_UPPER, name: 'twin upper' },
        { id: UPPER.toLowerCase(), name: 'upper' },
      ]);
      const comparisons = await db.dataSource.query(`SELECT "run1_id" AS "a", "run2_id" AS "b" FROM "run_comparisons" ORDER BY "options_fingerprint"`);
      expect(comparisons).toEqual([
        { a: OTHER, b: UPPER.toLowerCase() },
        { a: UPPER.toLowerCase(), b: OTHER },
      ]);
      expect(await db.dataSource.query(`SELECT "run_id" FROM "run_tags"`)).toEqual([{ run_id: UPPER.toLowerCase() }]);
      expect((await db.runs.listRuns({ tags: ['nightly'] })).runs.map((r) => r.name)).toEqual(['upper']);
      expect(await db.dataSource.query(`PRAGMA foreign_key_check`)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
