import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS, createDataSource, initializeDatabase, type Database } from '../src';
import { createTestDatabase, DATABASE_KINDS, schemaDiff, undoMigrationsThrough, type TestDatabase } from './databases';

const RUN = '4e1a2b3c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const CONFIG = '{"temperature":0.2,"model":"m","10":1,"2":2,"b":{"zeta":1,"alpha":2}}';
const INPUT = '{"question":"Q?","context":"C","a":1}';
const METADATA = '{"zeta":1,"alpha":2,"mm":3}';
const USER_COLUMNS = ['evaluation_items.input', 'evaluation_items.metadata', 'evaluation_runs.config', 'evaluation_runs.environment', 'evaluation_runs.metric_configs', 'projects.settings'];

describe.each(DATABASE_KINDS)('the user JSON key order migration on %s', (kind) => {
  let testDb: TestDatabase;
  const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb.drop();
  });

  /** The PostgreSQL type of each user JSON column. */
  async function userColumnTypes(ds: DataSource): Promise<string[]> {
    const rows: Array<{ c: string; t: string }> = await ds.query(
      `SELECT "table_name" || '.' || "column_name" AS "c", "data_type" AS "t" FROM information_schema.columns WHERE "table_schema" = current_schema() ` +
        `AND "table_name" || '.' || "column_name" IN (${USER_COLUMNS.map((_, i) => p(i + 1)).join(', ')}) ORDER BY 1`,
      USER_COLUMNS,
    );
    return rows.map((r) => `${r.c} ${r.t}`);
  }

  /** The stored JSON, as the database gives it back as text (in the order it keeps), parsed. */
  async function storedText(ds: DataSource): Promise<Record<string, unknown>> {
    const cast = (c: string) => (kind === 'postgres' ? `"${c}"::text` : `"${c}"`);
    const [run] = await ds.query(`SELECT ${cast('config')} AS "config", ${cast('environment')} AS "environment", ${cast('metric_configs')} AS "metricConfigs" FROM "evaluation_runs" WHERE "id" = ${p(1)}`, [RUN]);
    const [item] = await ds.query(`SELECT ${cast('input')} AS "input", ${cast('metadata')} AS "metadata" FROM "evaluation_items" WHERE "item_id" = 'old'`);
    const [project] = await ds.query(`SELECT ${cast('settings')} AS "settings" FROM "projects" WHERE "id" = 'old'`);
    const parse = (text: string) => JSON.parse(text) as unknown;
    return { config: parse(run.config), environment: parse(run.environment), metricConfigs: parse(run.metricConfigs), input: parse(item.input), metadata: parse(item.metadata), settings: parse(project.settings) };
  }

  async function readBack(db: Database): Promise<Record<string, unknown>> {
    const run = (await db.runs.getRun(RUN))!;
    const [item] = (await db.runs.listItems(RUN)).items;
    const [project] = await db.dataSource.query(`SELECT "settings" FROM "projects" WHERE "id" = 'old'`);
    const settings = typeof project.settings === 'string' ? JSON.parse(project.settings) : project.settings;
    return { config: run.config, environment: run.environment, metricConfigs: run.metricConfigs, input: item!.input, metadata: item!.metadata, settings };
  }

  it('converts a database filled by the previous schema: its rows read back as they were stored, new ones keep their key order, and back on revert', async () => {
    const { dataSource: template } = createDataSource({ url: testDb.url });
    const index = ALL_MIGRATIONS.findIndex((M) => new M().name === 'UserJsonKeyOrder1810000000000');
    expect(index).toBeGreaterThan(0);
    const previous = new DataSource({ ...template.options, entities: [], migrations: ALL_MIGRATIONS.slice(0, index) } as DataSourceOptions);
    await previous.initialize();
    let before: Record<string, unknown>;
    try {
      await previous.runMigrations({ transaction: 'each' });
      await previous.query(`INSERT INTO "projects" ("id", "name", "settings") VALUES ('old', 'old', ${p(1)})`, [CONFIG]);
      await previous.query(
        `INSERT INTO "evaluation_runs" ("id", "run_key", "name", "status", "created_at", "updated_at", "config", "environment", "metric_configs") ` +
          `VALUES (${p(1)}, 1, 'old', 'completed', '2026-01-01 10:00:00', '2026-01-01 10:00:00', ${p(2)}, ${p(3)}, ${p(4)})`,
        [RUN, CONFIG, METADATA, '{"rouge_l":{"zeta":1,"alpha":2}}'],
      );
      await previous.query(
        `INSERT INTO "evaluation_items" ("run_key", "item_id", "sequence_number", "status", "scores", "input", "metadata") VALUES (1, 'old', 0, 'completed', '{"m":1}', ${p(1)}, ${p(2)})`,
        [INPUT, METADATA],
      );
      before = await storedText(previous);
      if (kind === 'postgres') expect(Object.keys(before.metadata as object)).toEqual(['mm', 'zeta', 'alpha']);
      else expect(Object.keys(before.metadata as object)).toEqual(['zeta', 'alpha', 'mm']);
    } finally {
      await previous.destroy();
    }

    let db = await initializeDatabase({ url: testDb.url });
    try {
      expect(await schemaDiff(db.dataSource)).toEqual([]);
      if (kind === 'postgres') expect(await userColumnTypes(db.dataSource)).toEqual(USER_COLUMNS.map((c) => `${c} json`));
      // Existing rows keep the order they had (jsonb's, on PostgreSQL), readable as before.
      const read = await readBack(db);
      expect(JSON.stringify(read)).toBe(JSON.stringify(before!));
      expect(JSON.stringify(await storedText(db.dataSource))).toBe(JSON.stringify(before!));
      // New ones keep theirs.
      await db.runs.addItems(RUN, [{ itemId: 'new', input: JSON.parse(INPUT), metadata: JSON.parse(METADATA), scores: {} }]);
      const added = (await db.runs.listItems(RUN)).items.find((i) => i.itemId === 'new')!;
      expect(JSON.stringify(added.metadata)).toBe(METADATA);
      expect(JSON.stringify(added.input)).toBe(INPUT);
      const updated = await db.runs.updateRun(RUN, { config: JSON.parse(METADATA) });
      expect(JSON.stringify(updated.config)).toBe(METADATA);
    } finally {
      await db.close();
    }

    // Reverted, the columns are jsonb again and every row reads back (keys sorted again); applied again, json.
    db = await initializeDatabase({ url: testDb.url });
    try {
      await undoMigrationsThrough(db.dataSource, 'UserJsonKeyOrder1810000000000');
      if (kind === 'postgres') {
        expect(await userColumnTypes(db.dataSource)).toEqual(USER_COLUMNS.map((c) => `${c} jsonb`));
        await expect(db.dataSource.query(`UPDATE "evaluation_runs" SET "config" = '[1]'`)).rejects.toThrow(/CHK_runs_config_object/);
      }
      expect((await db.runs.listItems(RUN)).items.map((i) => i.metadata)).toEqual([JSON.parse(METADATA), JSON.parse(METADATA)]);
      expect((await db.runs.getRun(RUN))!.config).toEqual(JSON.parse(METADATA));
      await db.dataSource.runMigrations();
      expect(await schemaDiff(db.dataSource)).toEqual([]);
      if (kind === 'postgres') expect(await userColumnTypes(db.dataSource)).toEqual(USER_COLUMNS.map((c) => `${c} json`));
      expect((await db.runs.getRun(RUN))!.config).toEqual(JSON.parse(METADATA));
    } finally {
      await db.close();
    }
  });
});
