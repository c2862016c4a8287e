import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS, createDataSource, initializeDatabase, MIGRATIONS_TABLE } from '../src';
import { createTestDatabase, DATABASE_KINDS, schemaDiff, type TestDatabase } from './databases';

const RUN_ID = '6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';

describe.each(DATABASE_KINDS)('the access-control migration on %s', (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('applies to a database created and filled by the previous schema, keeping its runs', async () => {
    // The previous schema version: every migration before access control, applied by a DataSource that knows no entities.
    const { dataSource: template } = createDataSource({ url: testDb.url });
    const accessControl = ALL_MIGRATIONS.findIndex((M) => new M().name === 'AccessControl1800000000000');
    expect(accessControl).toBeGreaterThan(0);
    const previous = new DataSource({ ...template.options, entities: [], migrations: ALL_MIGRATIONS.slice(0, accessControl) } as DataSourceOptions);
    await previous.initialize();
    try {
      await previous.runMigrations({ transaction: 'each' });
      const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
      await previous.query(`INSERT INTO "projects" ("id", "name") VALUES (${p(1)}, ${p(2)})`, ['alpha', 'alpha']);
      await previous.query(`INSERT INTO "evaluation_runs" ("id", "name", "project_id", "status") VALUES (${p(1)}, ${p(2)}, ${p(3)}, 'completed')`, [
        RUN_ID,
        'from the previous schema',
        'alpha',
      ]);
      const hasTokens = await previous.createQueryRunner().hasTable('api_tokens');
      expect(hasTokens).toBe(false);
    } finally {
      await previous.destroy();
    }

    const db = await initializeDatabase({ url: testDb.url });
    try {
      const applied = await db.dataSource.query(`SELECT "name" FROM "${MIGRATIONS_TABLE}" ORDER BY "id"`);
      expect(applied.map((r: { name: string }) => r.name)).toEqual(ALL_MIGRATIONS.map((M) => new M().name));
      expect(await schemaDiff(db.dataSource)).toEqual([]);
      expect(await db.runs.getRun(RUN_ID)).toMatchObject({ name: 'from the previous schema', projectId: 'alpha', status: 'completed' });

      const { secret } = await db.tokens.create({ name: 'after upgrade', projects: ['alpha'], role: 'viewer' }, { actor: 'ana' });
      await expect(db.tokens.authenticate(secret)).resolves.toMatchObject({ ok: true });
      await db.retention.set('alpha', { maxAgeDays: 1 }, { actor: 'ana' });
      const { deleted } = await db.retention.apply({ audit: { actor: 'ana' }, now: new Date(Date.now() + 2 * 86_400_000) });
      expect(deleted.map((d) => d.runId)).toEqual([RUN_ID]);
      expect((await db.audit.list()).entries.map((e) => e.action)).toEqual(['run.pruned', 'retention.set', 'token.created']);
      await expect(db.dataSource.query(`DELETE FROM "audit_log"`)).rejects.toThrow(/append-only/);
    } finally {
      await db.close();
    }
  });
});
