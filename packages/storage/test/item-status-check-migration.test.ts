import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS, createDataSource, initializeDatabase } from '../src';
import { createTestDatabase, undoMigrationsThrough, schemaDiff, type TestDatabase } from './databases';

const RUN = '0a7c9d1e-2b3f-4a5b-8c6d-7e8f9a0b1c2d';

/** The items table's CREATE statement as SQLite keeps it. */
async function itemsTableSql(ds: DataSource): Promise<string> {
  const [{ sql }] = await ds.query(`SELECT "sql" FROM "sqlite_master" WHERE "type" = 'table' AND "name" = 'evaluation_items'`);
  return sql as string;
}

/** Every stored column of every item, in id order. */
async function allItems(ds: DataSource): Promise<unknown[]> {
  return ds.query(`SELECT * FROM "evaluation_items" ORDER BY "id"`);
}

async function indexes(ds: DataSource): Promise<string[]> {
  const rows = await ds.query(`SELECT "sql" FROM "sqlite_master" WHERE "type" = 'index' AND "tbl_name" = 'evaluation_items' AND "sql" IS NOT NULL ORDER BY "name"`);
  return rows.map((r: { sql: string }) => r.sql);
}

describe('the item status check migration on SQLite', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('rewrites the status rule without an IN list, keeping every item, index, id high-water mark and refusal; down restores it', async () => {
    const { dataSource: template } = createDataSource({ url: testDb.url });
    const index = ALL_MIGRATIONS.findIndex((M) => new M().name === 'ItemStatusCheck1804000000000');
    expect(index).toBeGreaterThan(0);
    const previous = new DataSource({ ...template.options, entities: [], migrations: ALL_MIGRATIONS.slice(0, index) } as DataSourceOptions);
    await previous.initialize();
    let before: unknown[];
    let indexesBefore: string[];
    let highestId: number;
    try {
      await previous.runMigrations({ transaction: 'each' });
      expect(await itemsTableSql(previous)).toContain(`"status" IN ('pending', 'completed', 'failed', 'skipped')`);
      await previous.query(`INSERT INTO "evaluation_runs" ("id", "name", "status", "run_key") VALUES (?, 'r', 'completed', 7)`, [RUN]);
      const statuses = ['completed', 'failed', 'pending', 'skipped', 'completed'];
      for (const [i, status] of statuses.entries()) {
        await previous.query(
          `INSERT INTO "evaluation_items" ("run_key", "item_id", "sequence_number", "input", "status", "error_message", "started_at", "response_time", "tokens_used", "cost", "scores", "metadata", "trace_id") ` +
            `VALUES (7, ?, ?, ?, ?, ?, '2026-12-04 10:00:00.123', ?, ?, ?, ?, ?, ?)`,
          [`item-${i}`, i, JSON.stringify({ q: `question ${i}` }), status, status === 'failed' ? 'boom' : null, i * 0.5, i * 10, i * 0.001, JSON.stringify({ m: i / 4 }), JSON.stringify({ k: i }), `t${i}`],
        );
      }
      highestId = Number((await previous.query(`SELECT MAX("id") AS "id" FROM "evaluation_items"`))[0].id);
      // The newest item is deleted: an id is never handed out twice, so the next item must not get this one back.
      await previous.query(`DELETE FROM "evaluation_items" WHERE "id" = ?`, [highestId]);
      before = await allItems(previous);
      indexesBefore = await indexes(previous);
      expect(before).toHaveLength(4);
    } finally {
      await previous.destroy();
    }

    const db = await initializeDatabase({ url: testDb.url });
    try {
      const sql = await itemsTableSql(db.dataSource);
      expect(sql).not.toMatch(/"status" IN/);
      expect(sql).toContain(`CONSTRAINT "CHK_items_status" CHECK (("status" = 'pending' OR "status" = 'completed' OR "status" = 'failed' OR "status" = 'skipped'))`);
      expect(await allItems(db.dataSource)).toEqual(before!);
      expect(await indexes(db.dataSource)).toEqual(indexesBefore!);
      expect(await schemaDiff(db.dataSource)).toEqual([]);

      // The rule still holds, and so do the others the table was rebuilt with.
      const insert = (status: string, sequence = 9, runKey = 7) =>
        db.dataSource.query(`INSERT INTO "evaluation_items" ("run_key", "item_id", "sequence_number", "status") VALUES (?, ?, ?, ?)`, [runKey, `x-${status}-${sequence}-${runKey}`, sequence, status]);
      await expect(insert('done')).rejects.toThrow(/CHECK constraint failed: CHK_items_status/);
      await expect(insert('COMPLETED')).rejects.toThrow(/CHK_items_status/);
      await expect(insert('completed', -1)).rejects.toThrow(/CHK_items_sequence/);
      await expect(insert('completed', 9, 999)).rejects.toThrow(/FOREIGN KEY/);
      await expect(db.dataSource.query(`INSERT INTO "evaluation_items" ("run_key", "item_id", "sequence_number") VALUES (7, 'item-0', 9)`)).rejects.toThrow(/UNIQUE/);

      await db.runs.addItems(RUN, [{ itemId: 'after', scores: { m: 1 } }]);
      const [added] = await db.dataSource.query(`SELECT "id", "status" FROM "evaluation_items" WHERE "item_id" = 'after'`);
      expect(Number(added.id)).toBeGreaterThan(highestId!);
      expect(added.status).toBe('completed');
      const withNew = await allItems(db.dataSource);

      // Reverted: the IN list is back, with the same items; applied again: the equalities.
      await undoMigrationsThrough(db.dataSource, 'ItemStatusCheck1804000000000');
      expect(await itemsTableSql(db.dataSource)).toContain(`CHECK ("status" IN ('pending', 'completed', 'failed', 'skipped'))`);
      expect(await allItems(db.dataSource)).toEqual(withNew);
      await db.dataSource.runMigrations();
      expect(await itemsTableSql(db.dataSource)).toEqual(sql);
      expect(await allItems(db.dataSource)).toEqual(withNew);
      // Deleting the run still takes its items with it.
      await db.runs.deleteRun(RUN);
      expect(await allItems(db.dataSource)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
