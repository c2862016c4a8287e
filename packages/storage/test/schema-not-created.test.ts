import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ALL_MIGRATIONS, checkHealth, DatabaseNotInitializedError, initializeDatabase, MIGRATIONS_TABLE } from '../src';
import { redactUrl } from '../src/config/redact-url';
import { createTestDatabase, DATABASE_KINDS, undoMigrationsThrough, type TestDatabase } from './databases';

// Callers that only read or change stored runs open with createSchema: false. A database llm-eval never initialized
// must then be refused and left exactly as it was (no tables, no pg_trgm extension), not turned into an empty one
// that reads as "no runs"; an older llm-eval schema is still migrated, as every opener does.

/** The tables (and, on PostgreSQL, the extensions) the database holds, besides PostgreSQL's own plpgsql. */
async function contentsOf(db: TestDatabase): Promise<string[]> {
  if (db.kind === 'sqlite') {
    const file = db.url.replace(/^sqlite:\/\/\//, '');
    if (!existsSync(file)) return ['(no file)'];
    const opened = await initializeDatabase({ url: db.url, migrate: false });
    try {
      return (await opened.dataSource.query(`SELECT "name" FROM "sqlite_master" WHERE "type" = 'table' ORDER BY 1`)).map((r: { name: string }) => r.name);
    } finally {
      await opened.close();
    }
  }
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const tables = await client.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`);
    const extensions = await client.query(`SELECT 'extension ' || extname AS name FROM pg_extension WHERE extname <> 'plpgsql'`);
    return [...tables.rows, ...extensions.rows].map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe.each(DATABASE_KINDS)('initializeDatabase({ createSchema: false }) on %s', (kind) => {
  it('refuses a database without llm-eval tables, naming the command that creates them, and creates nothing', async () => {
    const db = await createTestDatabase(kind);
    try {
      if (kind === 'sqlite') writeFileSync(db.url.replace(/^sqlite:\/\/\//, ''), ''); // an empty file: a database with no tables
      // A URL with a query: the command quotes it for the shell.
      const url = `${db.url}?${kind === 'postgres' ? 'connect_timeout=5' : 'busy_timeout=100'}`;
      const error = await initializeDatabase({ url, urlSource: '--database-url', createSchema: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseNotInitializedError);
      // The URL came from --database-url: the command never repeats it (it says <the same URL>, as the CLI's advice
      // does), shown with a password or not.
      const shown = redactUrl(url);
      expect((error as Error).message).toBe(`The database ${shown} has no llm-eval tables: run \`llm-eval db init --database-url <the same URL>\` first (nothing was created).`);
      expect(await contentsOf(db)).toEqual([]);
      expect((await checkHealth({ url: db.url })).appliedMigrations).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('migrates an older llm-eval schema, and opens a current one', async () => {
    const db = await createTestDatabase(kind);
    try {
      const first = await initializeDatabase({ url: db.url });
      await undoMigrationsThrough(first.dataSource, new ALL_MIGRATIONS[1]!().name!);
      await first.close();
      const opened = await initializeDatabase({ url: db.url, createSchema: false });
      try {
        const [row] = await opened.dataSource.query(`SELECT COUNT(*) AS "n" FROM "${MIGRATIONS_TABLE}"`);
        expect(Number(row.n)).toBe(ALL_MIGRATIONS.length);
        expect(await opened.runs.listRuns()).toMatchObject({ runs: [], total: 0 });
      } finally {
        await opened.close();
      }
      const again = await initializeDatabase({ url: db.url, createSchema: false });
      await again.close();
    } finally {
      await db.drop();
    }
  });
});

describe('initializeDatabase({ createSchema: false }) on a SQLite file that does not exist', () => {
  it('refuses it without creating the file or its folder; the command needs no flag when the URL is the environment’s', async () => {
    const missing = path.join(tmpdir(), `llm-eval-no-such-dir-${process.pid}`, 'runs.db');
    const previous = process.env.LLM_EVAL_DATABASE_URL;
    process.env.LLM_EVAL_DATABASE_URL = `sqlite:///${missing}`;
    try {
      const error = await initializeDatabase({ createSchema: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseNotInitializedError);
      expect((error as Error).message).toBe(`The SQLite file of sqlite:///${missing} was not found: run \`llm-eval db init\` first (nothing was created).`);
      expect(existsSync(path.dirname(missing))).toBe(false);
    } finally {
      rmSync(path.dirname(missing), { recursive: true, force: true });
      if (previous === undefined) delete process.env.LLM_EVAL_DATABASE_URL;
      else process.env.LLM_EVAL_DATABASE_URL = previous;
    }
  });
});
