import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS, createDataSource, initializeDatabase, type Database } from '../src';
import { createTestDatabase, DATABASE_KINDS, undoMigrationsThrough, schemaDiff, type TestDatabase } from './databases';

const RUN_A = '0a7c9d1e-2b3f-4a5b-8c6d-7e8f9a0b1c2d';
const RUN_B = '1b8d0e2f-3c4a-4b6c-9d7e-8f9a0b1c2d3e';
const LATER_RUN = '2c9e1f3a-4d5b-4c7d-8e8f-9a0b1c2d3e4f';

describe.each(DATABASE_KINDS)('the item run key migration on %s', (kind) => {
  let testDb: TestDatabase;
  const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb.drop();
  });

  /** What the items table holds, by run id (read through the runs table, whichever way items name their run). */
  async function itemsByRun(ds: DataSource, runColumn: 'run_id' | 'run_key'): Promise<string[]> {
    const join = runColumn === 'run_id' ? `"r"."id" = "i"."run_id"` : `"r"."run_key" = "i"."run_key"`;
    const rows = await ds.query(
      `SELECT "r"."id" AS "run", "i"."item_id", "i"."sequence_number", "i"."status", "i"."scores" FROM "evaluation_items" "i" ` +
        `JOIN "evaluation_runs" "r" ON ${join} ORDER BY "i"."id"`,
    );
    return rows.map((r: Record<string, unknown>) => `${r.run}/${r.item_id}/${r.sequence_number}/${r.status}/${JSON.stringify(typeof r.scores === 'string' ? JSON.parse(r.scores) : r.scores)}`);
  }

  it('moves the items of a database filled by the previous schema to their runs’ keys, and back on revert', async () => {
    const { dataSource: template } = createDataSource({ url: testDb.url });
    const index = ALL_MIGRATIONS.findIndex((M) => new M().name === 'ItemRunKey1802000000000');
    expect(index).toBeGreaterThan(0);
    const previous = new DataSource({ ...template.options, entities: [], migrations: ALL_MIGRATIONS.slice(0, index) } as DataSourceOptions);
    await previous.initialize();
    let before: string[];
    let highestId: number;
    try {
      await previous.runMigrations({ transaction: 'each' });
      for (const [id, name, created] of [[RUN_A, 'a', '2026-01-01 10:00:00'], [RUN_B, 'b', '2026-01-02 10:00:00']] as const) {
        await previous.query(`INSERT INTO "evaluation_runs" ("id", "name", "status", "created_at") VALUES (${p(1)}, ${p(2)}, 'completed', ${p(3)})`, [id, name, created]);
      }
      const item = (run: string, itemId: string, seq: number, status: string, score: number) =>
        previous.query(
          `INSERT INTO "evaluation_items" ("run_id", "item_id", "sequence_number", "status", "scores") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})`,
          [run, itemId, seq, status, JSON.stringify({ m: score })],
        );
      await item(RUN_A, 'x1', 0, 'completed', 1);
      await item(RUN_B, 'y1', 0, 'completed', 0.5);
      await item(RUN_A, 'x2', 1, 'failed', 0);
      await item(RUN_B, 'y2', 1, 'completed', 0.25);
      await item(RUN_A, 'x3', 2, 'completed', 1);
      await item(RUN_A, 'gone', 3, 'completed', 1);
      // The newest item is deleted: an id is never handed out twice, so the next item must not get this one back.
      highestId = Number((await previous.query(`SELECT MAX("id") AS "id" FROM "evaluation_items"`))[0].id);
      await previous.query(`DELETE FROM "evaluation_items" WHERE "item_id" = 'gone'`);
      before = await itemsByRun(previous, 'run_id');
      expect(before).toHaveLength(5);
    } finally {
      await previous.destroy();
    }

    let db: Database = await initializeDatabase({ url: testDb.url });
    try {
      expect(await schemaDiff(db.dataSource)).toEqual([]);
      expect(await itemsByRun(db.dataSource, 'run_key')).toEqual(before);
      // Keys follow the order the runs were created in; a new run gets the next one.
      const keys = async () => (await db.dataSource.query(`SELECT "id", "run_key" FROM "evaluation_runs" ORDER BY "run_key"`)).map((r: { id: string; run_key: unknown }) => [r.id, Number(r.run_key)]);
      expect(await keys()).toEqual([[RUN_A, 1], [RUN_B, 2]]);
      await db.runs.createRun({ id: LATER_RUN, name: 'after the upgrade' });
      expect((await keys()).at(-1)).toEqual([LATER_RUN, 3]);

      const a = await db.runs.listItems(RUN_A);
      expect(a.items.map((i) => [i.runId, i.itemId, i.sequenceNumber, i.status])).toEqual([
        [RUN_A, 'x1', 0, 'completed'],
        [RUN_A, 'x2', 1, 'failed'],
        [RUN_A, 'x3', 2, 'completed'],
      ]);
      expect((await db.runs.listItems(RUN_A, { status: 'failed' })).items.map((i) => i.itemId)).toEqual(['x2']);
      expect([...(await db.runs.findStoredItemIds(RUN_B, ['y1', 'y2', 'x1']))].sort()).toEqual(['y1', 'y2']);
      await expect(db.runs.addItems(RUN_A, [{ itemId: 'x1', scores: {} }])).rejects.toThrow(/already exists in run/);

      await db.runs.addItems(RUN_A, [{ itemId: 'x4', scores: { m: 0 } }]);
      const [added] = (await db.runs.listItems(RUN_A, { limit: 10 })).items.slice(-1);
      expect(added).toMatchObject({ itemId: 'x4', sequenceNumber: 3 });
      expect(added!.id).toBeGreaterThan(highestId!);
      const metrics = await db.runs.computeRunMetrics(RUN_A);
      expect(metrics.find((m) => m.metricName === 'm')).toMatchObject({ mean: 0.5, totalEvaluated: 4 });
    } finally {
      await db.close();
    }

    // Reverted, items name their run by id again, every one of them; applied again, by key.
    db = await initializeDatabase({ url: testDb.url });
    try {
      const withNew = await itemsByRun(db.dataSource, 'run_key');
      await undoMigrationsThrough(db.dataSource, 'ItemRunKey1802000000000');
      expect(await itemsByRun(db.dataSource, 'run_id')).toEqual(withNew);
      await db.dataSource.runMigrations();
      expect(await itemsByRun(db.dataSource, 'run_key')).toEqual(withNew);
      expect(await schemaDiff(db.dataSource)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('gives a key to a run row inserted without one (by another tool) when items are first added to it, and deletes them with it', async () => {
    const db = await initializeDatabase({ url: testDb.url });
    try {
      const id = '3d0f2a4b-5e6c-4d8e-9f0a-1b2c3d4e5f60';
      // Since the integrity rules (1806000000000) the database refuses such a row; one stored before them remains.
      await undoMigrationsThrough(db.dataSource, 'RunIntegrityRules1806000000000');
      await db.dataSource.query(`INSERT INTO "evaluation_runs" ("id", "name", "status") VALUES (${p(1)}, 'by hand', 'running')`, [id]);
      await db.dataSource.runMigrations({ transaction: 'each' });
      const [{ run_key: none }] = await db.dataSource.query(`SELECT "run_key" FROM "evaluation_runs" WHERE "id" = ${p(1)}`, [id]);
      expect(none).toBeNull();
      await expect(db.runs.addItems(id, [{ itemId: 'a', scores: { m: 1 } }, { itemId: 'b', scores: { m: 0 } }])).resolves.toBe(2);
      const [{ run_key: key }] = await db.dataSource.query(`SELECT "run_key" FROM "evaluation_runs" WHERE "id" = ${p(1)}`, [id]);
      const [{ max }] = await db.dataSource.query(`SELECT MAX("run_key") AS "max" FROM "evaluation_runs"`);
      expect(Number(key)).toBe(Number(max));
      expect((await db.runs.listItems(id)).items.map((i) => [i.runId, i.itemId])).toEqual([[id, 'a'], [id, 'b']]);

      await db.runs.deleteRun(id);
      const [{ n }] = await db.dataSource.query(`SELECT COUNT(*) AS "n" FROM "evaluation_items" WHERE "run_key" = ${p(1)}`, [Number(key)]);
      expect(Number(n)).toBe(0);
      await expect(db.runs.addItems(id, [{ itemId: 'c', scores: {} }])).rejects.toThrow(/not found|does not exist|No run/i);
    } finally {
      await db.close();
    }
  });
});
