import { DATABASE_KINDS, undoMigrationsThrough, useMigratedDatabase } from './databases';

// Rows written directly (another tool, a manual fix-up, a buggy script) must obey the rules storage itself validates:
// each of these rows once got in and then made `runs list`, `runs show` or `db health` fail for every user.

type Kind = 'sqlite' | 'postgres';

/** A SQL string literal. */
const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;

const RUN_ID = '5b1f0c2e-7d3a-4e8b-9c6d-2a1b3c4d5e6f';

/** A run as storage writes it, column by column, as SQL literals of `kind`. */
function goodRun(kind: Kind): Record<string, string> {
  const date = (text: string) => (kind === 'postgres' ? `${lit(`${text}+00`)}::timestamptz` : lit(text));
  return {
    id: lit(RUN_ID),
    run_key: '41',
    name: lit('nightly'),
    status: lit('completed'),
    project_id: lit('team-a.v2_x'),
    metrics_used: lit('["accuracy"]'),
    metric_configs: lit('{"accuracy":{"threshold":0.5}}'),
    config: lit('{"temperature":0}'),
    environment: lit('{"node":"22"}'),
    tags: lit('["nightly","gpt"]'),
    created_at: date('2026-12-05 10:00:00.123'),
    updated_at: date('2026-12-05 23:59:59.999'),
    started_at: date('0001-01-01 00:00:00.000'),
    completed_at: date('9999-12-31 23:59:59'),
    heartbeat_at: 'NULL',
    duration_seconds: '1.5',
    total_items: '3',
    successful_items: '2',
    failed_items: '1',
    success_rate: '0.6666666666666666',
    avg_response_time: '0.25',
    min_response_time: '0',
    max_response_time: 'NULL',
    total_tokens: '9007199254740991',
    total_cost: '0.5',
    writer_pid: '4242',
  };
}

interface BadValue {
  column: string;
  value: string;
  /** The databases that would otherwise take it (PostgreSQL's types refuse text in a number, date or JSON column). */
  kinds: Kind[];
}

const BAD_RUN_VALUES: BadValue[] = [
  { column: 'tags', value: lit('not json'), kinds: ['sqlite'] },
  { column: 'metrics_used', value: lit('not json'), kinds: ['sqlite'] },
  { column: 'tags', value: lit('{"a":1}'), kinds: ['sqlite', 'postgres'] },
  { column: 'metrics_used', value: lit('"accuracy"'), kinds: ['sqlite', 'postgres'] },
  { column: 'config', value: lit('[1,2]'), kinds: ['sqlite', 'postgres'] },
  { column: 'config', value: lit('{broken'), kinds: ['sqlite'] },
  { column: 'total_items', value: lit('five'), kinds: ['sqlite'] },
  { column: 'total_tokens', value: lit('lots'), kinds: ['sqlite'] },
  { column: 'total_tokens', value: '1.5', kinds: ['sqlite'] },
  { column: 'total_cost', value: lit('pricey'), kinds: ['sqlite'] },
  // SQLite's infinity: a number too large for a double.
  { column: 'total_cost', value: '9e999', kinds: ['sqlite'] },
  { column: 'created_at', value: lit('yesterday-ish'), kinds: ['sqlite'] },
  { column: 'created_at', value: lit('2026-02-31 00:00:00.000'), kinds: ['sqlite'] },
  { column: 'created_at', value: lit('0000-01-01 00:00:00.000'), kinds: ['sqlite'] },
  { column: 'started_at', value: '12345', kinds: ['sqlite'] },
  { column: 'created_at', value: `'infinity'::timestamptz`, kinds: ['postgres'] },
  { column: 'completed_at', value: `'10000-01-01 00:00:00+00'::timestamptz`, kinds: ['postgres'] },
  { column: 'run_key', value: 'NULL', kinds: ['sqlite', 'postgres'] },
  { column: 'name', value: lit(''), kinds: ['sqlite', 'postgres'] },
  { column: 'duration_seconds', value: lit('NaN'), kinds: ['sqlite', 'postgres'] },
  { column: 'total_cost', value: lit('Infinity'), kinds: ['sqlite', 'postgres'] },
  { column: 'avg_response_time', value: lit('NaN'), kinds: ['sqlite', 'postgres'] },
  { column: 'success_rate', value: lit('NaN'), kinds: ['sqlite', 'postgres'] },
  { column: 'project_id', value: lit('Bad Project!'), kinds: ['sqlite', 'postgres'] },
  { column: 'project_id', value: lit('-leading-dash'), kinds: ['sqlite', 'postgres'] },
];

const BAD_PROJECT_VALUES: BadValue[] = [
  { column: 'id', value: lit('Bad Project!'), kinds: ['sqlite', 'postgres'] },
  { column: 'name', value: lit(''), kinds: ['sqlite', 'postgres'] },
  { column: 'settings', value: lit('[]'), kinds: ['sqlite', 'postgres'] },
  { column: 'settings', value: lit('not json'), kinds: ['sqlite'] },
  { column: 'created_at', value: lit('yesterday-ish'), kinds: ['sqlite'] },
];

const insertSql = (table: string, row: Record<string, string>) =>
  `INSERT INTO "${table}" (${Object.keys(row).map((c) => `"${c}"`).join(', ')}) VALUES (${Object.values(row).join(', ')})`;

describe.each(DATABASE_KINDS)('database-level integrity rules on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  const query = (sql: string) => testDb.db.dataSource.query(sql);

  beforeAll(async () => {
    await query(insertSql('projects', { id: lit('team-a.v2_x'), name: lit('Team A'), settings: lit('{"x":1}') }));
  });

  it('accepts a run and a project written by raw SQL in storage\'s own format, and reads them back', async () => {
    await query(insertSql('evaluation_runs', goodRun(kind)));
    await query(insertSql('projects', { id: lit('9lives'), name: lit('Nine') }));
    const run = await testDb.db.runs.getRun(RUN_ID);
    expect(run).toMatchObject({ name: 'nightly', tags: ['nightly', 'gpt'], totalItems: 3, totalTokens: 9007199254740991, projectId: 'team-a.v2_x' });
    expect(run!.createdAt.toISOString()).toBe('2026-12-05T10:00:00.123Z');
    await query(`UPDATE "evaluation_runs" SET "status" = 'failed', "tags" = '[]' WHERE "id" = ${lit(RUN_ID)}`);
  });

  it.each(BAD_RUN_VALUES.filter((bad) => bad.kinds.includes(kind)).map((bad) => [bad.column, bad.value] as const))(
    'refuses a run whose %s is %s, naming the column, on insert and on update',
    async (column, value) => {
      const row = { ...goodRun(kind), id: lit('6c2a1d3e-8e4b-4f9c-8d7e-3b2c4d5e6f70'), run_key: '42', [column]: value };
      const namesColumn = new RegExp(`evaluation_runs\\.${column}\\b|CHK_runs_${column}(\\b|_)`);
      await expect(query(insertSql('evaluation_runs', row))).rejects.toThrow(namesColumn);
      await expect(query(`UPDATE "evaluation_runs" SET "${column}" = ${value} WHERE "id" = ${lit(RUN_ID)}`)).rejects.toThrow(namesColumn);
    },
  );

  it('refuses an update that sets one bad column beside good ones, naming the bad one (SQLite: one trigger per column)', async () => {
    const update = (config: string) =>
      query(`UPDATE "evaluation_runs" SET "name" = 'renamed', "total_items" = 3, "config" = ${lit(config)}, "tags" = '["x"]' WHERE "id" = ${lit(RUN_ID)}`);
    await expect(update('[1,2]')).rejects.toThrow(/evaluation_runs\.config\b|CHK_runs_config(\b|_)/);
    expect(await query(`SELECT "name" FROM "evaluation_runs" WHERE "id" = ${lit(RUN_ID)}`)).toEqual([{ name: 'nightly' }]);
    await update('{"temperature":0}');
    expect(await query(`SELECT "name" FROM "evaluation_runs" WHERE "id" = ${lit(RUN_ID)}`)).toEqual([{ name: 'renamed' }]);
    await query(`UPDATE "evaluation_runs" SET "name" = 'nightly' WHERE "id" = ${lit(RUN_ID)}`);
  });

  it('names the same column on insert and on update when several are bad: the first of the rules', async () => {
    const bad = { name: lit(''), tags: lit('{"a":1}'), total_cost: lit('Infinity') };
    const row = { ...goodRun(kind), id: lit('7d3b2c1e-9f0a-4b1c-8d2e-4c3d5e6f7082'), run_key: '44', ...bad };
    const first = /evaluation_runs\.name\b|CHK_runs_name(\b|_)/;
    await expect(query(insertSql('evaluation_runs', row))).rejects.toThrow(first);
    const sets = Object.entries(bad).reverse().map(([column, value]) => `"${column}" = ${value}`).join(', ');
    await expect(query(`UPDATE "evaluation_runs" SET ${sets} WHERE "id" = ${lit(RUN_ID)}`)).rejects.toThrow(first);
  });

  it('keeps a row stored before the rules; on SQLite an update of it checks only the columns the update changes', async () => {
    const legacy = lit('8e3c2b1d-9f0a-4b1c-8d2e-4c3d5e6f7081');
    // The rules' migration and those after it.
    await undoMigrationsThrough(testDb.db.dataSource, 'RunIntegrityRules1806000000000');
    await query(insertSql('evaluation_runs', { ...goodRun(kind), id: legacy, run_key: '43', name: lit('') }));
    await testDb.db.dataSource.runMigrations();
    expect(await query(`SELECT "name" FROM "evaluation_runs" WHERE "id" = ${legacy}`)).toEqual([{ name: '' }]);
    if (kind === 'sqlite') {
      await query(`UPDATE "evaluation_runs" SET "status" = 'cancelled' WHERE "id" = ${legacy}`);
      await expect(query(`UPDATE "evaluation_runs" SET "name" = '', "tags" = '[]' WHERE "id" = ${legacy}`)).resolves.toBeDefined();
      await expect(query(`UPDATE "evaluation_runs" SET "tags" = '{}' WHERE "id" = ${legacy}`)).rejects.toThrow(/evaluation_runs\.tags must be a JSON array/);
    }
    await query(`DELETE FROM "evaluation_runs" WHERE "id" = ${legacy}`);
  });

  it.each(BAD_PROJECT_VALUES.filter((bad) => bad.kinds.includes(kind)).map((bad) => [bad.column, bad.value] as const))(
    'refuses a project whose %s is %s, naming the column',
    async (column, value) => {
      const row = { id: lit('fresh'), name: lit('Fresh'), [column]: value };
      await expect(query(insertSql('projects', row))).rejects.toThrow(new RegExp(`projects\\.${column}\\b|CHK_projects_${column}(\\b|_)`));
    },
  );
});
