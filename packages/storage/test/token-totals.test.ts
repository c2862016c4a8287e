import { EvaluationRun } from '@llm-eval/models';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS, createDataSource, initializeDatabase, RunStatsAccumulator, ValidationError, type ItemInput } from '../src';
import { createTestDatabase, DATABASE_KINDS, undoMigrationsThrough, useMigratedDatabase, schemaDiff } from './databases';

// A run's token total passes 2,147,483,647 (PostgreSQL's integer) at a million items of 2,148 tokens each. Before
// total_tokens was a bigint, every batch after that point failed on PostgreSQL with "integer out of range".
const TWO_BILLION = 2_000_000_000;

function items(from: number, count: number, tokensUsed: number): ItemInput[] {
  return Array.from({ length: count }, (_, k) => ({ itemId: `i${from + k}`, tokensUsed, scores: { quality: 1 } }));
}

describe.each(DATABASE_KINDS)('token totals past 2^31 on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  it('stores every batch of a run whose tokens sum past int32, and reads the total back as a number', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'many tokens', status: 'running', metricsUsed: ['quality'] });
    const first = items(0, 2, TWO_BILLION);
    const second = items(2, 3, TWO_BILLION);
    expect(await runs.addItems(run.id, first, { onlyWhileRunning: true })).toBe(2);
    expect(await runs.addItems(run.id, second, { onlyWhileRunning: true })).toBe(3);
    // While running, the totals are counted from the items.
    expect((await runs.requireRun(run.id)).totalTokens).toBe(5 * TWO_BILLION);

    const acc = new RunStatsAccumulator();
    [...first, ...second].forEach((item) => acc.addItem(item));
    await runs.storeRunStatistics(run.id, acc, { status: 'completed', completedAt: new Date(), durationSeconds: 1 });

    const stored = await runs.requireRun(run.id);
    expect(stored).toMatchObject({ status: 'completed', totalItems: 5, totalTokens: 10_000_000_000 });
    const listed = (await runs.listRuns({ limit: 50 })).runs.find((r) => r.id === run.id)!;
    expect(listed.totalTokens).toBe(10_000_000_000);
    const entity = await testDb.db.dataSource.getRepository(EvaluationRun).findOneByOrFail({ id: run.id });
    expect(entity.totalTokens).toBe(10_000_000_000);
    expect(typeof entity.totalTokens).toBe('number');
  });

  it('imports a run with a total of 5e12 tokens and refuses one past 2^53 naming the field', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'imported tokens', status: 'completed', totalTokens: 5e12 });
    expect((await runs.requireRun(run.id)).totalTokens).toBe(5e12);
    const refused = runs.createRun({ name: 'too many', status: 'completed', totalTokens: 2 ** 53 });
    await expect(refused).rejects.toThrow(ValidationError);
    await expect(refused).rejects.toThrow(/totalTokens/);
  });
});

describe('the token total migration on postgres', () => {
  const columnType = async (ds: DataSource) =>
    (await ds.query(`SELECT data_type FROM information_schema.columns WHERE table_name = 'evaluation_runs' AND column_name = 'total_tokens'`))[0]
      .data_type;

  it('widens total_tokens to bigint keeping every total, and its revert refuses a total that no longer fits', async () => {
    const testDb = await createTestDatabase('postgres');
    try {
      const { dataSource: template } = createDataSource({ url: testDb.url });
      const index = ALL_MIGRATIONS.findIndex((M) => new M().name === 'RunTokensBigint1803000000000');
      expect(index).toBeGreaterThan(0);
      const previous = new DataSource({ ...template.options, entities: [], migrations: ALL_MIGRATIONS.slice(0, index) } as DataSourceOptions);
      await previous.initialize();
      try {
        await previous.runMigrations({ transaction: 'each' });
        expect(await columnType(previous)).toBe('integer');
        await previous.query(
          `INSERT INTO "evaluation_runs" ("id", "name", "status", "total_tokens") VALUES ('0a7c9d1e-2b3f-4a5b-8c6d-7e8f9a0b1c2d', 'old', 'completed', 2147483647)`,
        );
      } finally {
        await previous.destroy();
      }

      const db = await initializeDatabase({ url: testDb.url });
      try {
        expect(await columnType(db.dataSource)).toBe('bigint');
        expect((await db.runs.requireRun('0a7c9d1e-2b3f-4a5b-8c6d-7e8f9a0b1c2d')).totalTokens).toBe(2_147_483_647);
        const big = await db.runs.createRun({ name: 'big', status: 'completed', totalTokens: 3e9 });
        await expect(undoMigrationsThrough(db.dataSource, 'RunTokensBigint1803000000000')).rejects.toThrow(/out of range/);
        expect(await columnType(db.dataSource)).toBe('bigint');
        await db.runs.deleteRun(big.id);
        await undoMigrationsThrough(db.dataSource, 'RunTokensBigint1803000000000');
        expect(await columnType(db.dataSource)).toBe('integer');
        await db.dataSource.runMigrations();
        expect(await columnType(db.dataSource)).toBe('bigint');
        expect((await db.runs.requireRun('0a7c9d1e-2b3f-4a5b-8c6d-7e8f9a0b1c2d')).totalTokens).toBe(2_147_483_647);
        expect(await schemaDiff(db.dataSource)).toEqual([]);
      } finally {
        await db.close();
      }
    } finally {
      await testDb.drop();
    }
  });
});
