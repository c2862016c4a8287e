import type { DataSource } from 'typeorm';
import { undoMigrationsThrough, useMigratedDatabase } from './databases';

// Migration 1811000000000 rewrote the SQLite JSON rules of the run and project integrity triggers so that SQLite
// before 3.45 can run them. On the SQLite storage runs (better-sqlite3's, 3.45+) they must refuse every value the
// previous rules refused and take every value they took: text (RFC 8259 only, never JSON5) and JSONB blobs.

const RUN_ID = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
const COLUMNS: Array<{ table: string; column: string; where: string }> = [
  ...['tags', 'metrics_used', 'config', 'metric_configs', 'environment'].map((column) => ({ table: 'evaluation_runs', column, where: `"id" = '${RUN_ID}'` })),
  { table: 'projects', column: 'settings', where: `"id" = 'p'` },
];

const list = (n: number) => `'${JSON.stringify(Array.from({ length: n }, (_, i) => `item ${i}`))}'`;

/** SQL values a tool might write into a JSON column: text, numbers, JSONB blobs (well-formed or not) and other blobs. */
const VALUES = [
  'NULL', `'[1]'`, `'{"a":1}'`, `'[]'`, `'{}'`, `' [1] '`, `'not json'`, `'{broken'`, `'[1] x'`, `'[1,]'`, `'{a:1}'`, `'[0x1F]'`, `'"x"'`, `'1'`, `''`, `'null'`,
  '5', '1.5',
  `jsonb('[1]')`, `jsonb('{"a":1}')`, `jsonb('[]')`, `jsonb('{}')`, `jsonb('"s"')`, `jsonb('1')`, `jsonb('{a:1,}')`,
  // JSONB headers with 1, 2 and 4 size bytes.
  `jsonb(${list(3)})`, `jsonb(${list(100)})`, `jsonb(${list(8000)})`, `jsonb('{"k":' || ${list(8000)} || '}')`,
  `CAST('[1]' AS BLOB)`, `CAST('{"a":1}' AS BLOB)`, `CAST('not json' AS BLOB)`, `x''`, `x'FFFF'`, `x'00'`, `x'0B'`, `x'0C'`, `x'1B00'`, `x'0B00'`,
  `x'CB0100'`, `x'CB0200'`, `x'DB000100'`, `x'EB0000000100'`, `x'FB000000000000000100'`, `x'FB00000000000000000100'`, `x'FB000000010000000100'`,
  `x'2BFF00'`, `x'4B33616263'`, `x'4B33313233'`, `x'5B5D'`,
];

type Verdict = 'taken' | 'refused';

/** What the table's update trigger says to each value in each JSON column; a refusal must name the column or be SQLite's own. */
async function verdicts(ds: DataSource): Promise<Record<string, Verdict>> {
  const out: Record<string, Verdict> = {};
  for (const { table, column, where } of COLUMNS) {
    for (const value of VALUES) {
      const key = `${table}.${column} = ${value.length > 60 ? `${value.slice(0, 60)}…` : value}`;
      await ds.query('SAVEPOINT probe');
      try {
        await ds.query(`UPDATE "${table}" SET "${column}" = ${value} WHERE ${where}`);
        out[key] = 'taken';
      } catch (error) {
        expect({ key, message: (error as Error).message }).toEqual({ key, message: expect.stringMatching(new RegExp(`${table}\\.${column} must be|malformed JSON`)) });
        out[key] = 'refused';
      }
      await ds.query('ROLLBACK TO probe');
      await ds.query('RELEASE probe');
    }
  }
  return out;
}

describe('the SQLite JSON rules of the integrity triggers', () => {
  const testDb = useMigratedDatabase('sqlite');
  const query = (sql: string) => testDb.db.dataSource.query(sql);

  beforeAll(async () => {
    await query(`INSERT INTO "projects" ("id", "name") VALUES ('p', 'P')`);
    await query(
      `INSERT INTO "evaluation_runs" ("id", "run_key", "name", "status", "created_at", "updated_at") VALUES ('${RUN_ID}', 1, 'r', 'completed', '2026-01-01 10:00:00', '2026-01-01 10:00:00')`,
    );
  });

  it('take and refuse exactly what the rules before them (json_valid(x, 9)) took and refused', async () => {
    const now = await verdicts(testDb.db.dataSource);
    await undoMigrationsThrough(testDb.db.dataSource, 'SqliteJsonRulesOlderTools1811000000000');
    const before = await verdicts(testDb.db.dataSource);
    await testDb.db.dataSource.runMigrations();
    expect(now).toEqual(before);
    // The comparison means something: both kinds of answer occur, for text and for blobs.
    expect(now['evaluation_runs.tags = \'not json\'']).toBe('refused');
    expect(now['evaluation_runs.tags = x\'FFFF\'']).toBe('refused');
    expect(now['evaluation_runs.tags = \'[1,]\'']).toBe('refused');
    expect(now['evaluation_runs.config = jsonb(\'[1]\')']).toBe('refused');
    expect(now['evaluation_runs.config = jsonb(\'{"a":1}\')']).toBe('taken');
    expect(now['projects.settings = \'{"a":1}\'']).toBe('taken');
  });

  it('take the runs and projects storage writes (JSONB blobs) and read them back', async () => {
    const run = await testDb.db.runs.createRun({ name: 'stored', projectId: 'q', tags: ['a', 'b'], metricsUsed: ['m'], config: { n: 1 }, environment: { os: 'linux' } });
    await testDb.db.runs.updateRun(run.id, { tags: ['c'], config: { n: 2 } });
    const [types] = await query(`SELECT typeof("tags") AS "tags", typeof("config") AS "config" FROM "evaluation_runs" WHERE "id" = '${run.id}'`);
    expect(types).toEqual({ tags: 'blob', config: 'blob' });
    expect(await testDb.db.runs.getRun(run.id)).toMatchObject({ tags: ['c'], metricsUsed: ['m'], config: { n: 2 }, environment: { os: 'linux' } });
  });
});
