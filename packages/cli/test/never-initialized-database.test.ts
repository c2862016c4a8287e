import { writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { ALL_MIGRATIONS, initializeDatabase, MIGRATIONS_TABLE, redactUrl } from '@llm-eval/storage';
import { createTestDatabase, useEmptyDatabase, type TestDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// Commands that read or change stored runs never create a database: an empty PostgreSQL database stays empty (no
// tables, no pg_trgm) and the command says how to create the schema (exit 1, as for a missing SQLite file). An older
// llm-eval schema is still migrated; db init (like evaluate and serve) creates it.

/** The tables and extensions (besides plpgsql) of a PostgreSQL database. */
async function contentsOf(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`);
    const extensions = await client.query(`SELECT 'extension ' || extname AS name FROM pg_extension WHERE extname <> 'plpgsql'`);
    return [...tables.rows, ...extensions.rows].map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe('read and change commands on a PostgreSQL database llm-eval never initialized', () => {
  const database = useEmptyDatabase('postgres');

  it.each([
    [['runs', 'list']],
    [['runs', 'show', 'latest']],
    [['runs', 'search', 'failed runs']],
    [['runs', 'prune', '--older-than', '1d', '--yes']],
    [['projects', 'list']],
    [['tokens', 'list']],
    [['audit', 'list']],
  ])('%j: exit 1 naming db init, and the database stays empty', async (args) => {
    const r = await runCli([...args, '--database-url', database.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    // The test server's URL names its user without a password (postgresql://postgres@…), which is hidden like one: the
    // command cannot show the URL, and says to give the same one.
    const shown = redactUrl(database.url);
    expect(shown).toContain('***@');
    expect(r.stderr).toBe(
      `llm-eval: The database ${shown} has no llm-eval tables: run \`llm-eval db init --database-url <the same URL>\` first (nothing was created).\n`,
    );
    expect(await contentsOf(database.url)).toEqual([]);
  });

  it('with the URL from LLM_EVAL_DATABASE_URL and a password: db init alone, the password hidden', async () => {
    const url = new URL(database.url);
    url.password = 'QXZsecretJKW'; // trust authentication accepts any password
    const r = await runCli(['runs', 'list', '--json'], { env: { LLM_EVAL_DATABASE_URL: url.toString() } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`llm-eval: The database ${url.toString().replace('QXZsecretJKW', '***')} has no llm-eval tables: run \`llm-eval db init\` first (nothing was created).\n`);
    expect(r.stdout + r.stderr).not.toContain('secret');
    expect(await contentsOf(database.url)).toEqual([]);
  });

  it('db health reports it without creating anything; db init creates the schema, after which runs list and db health work', async () => {
    const health = await runCli(['db', 'health', '--json', '--database-url', database.url]);
    expect(health.code).toBe(1);
    expect(JSON.parse(health.stdout)).toMatchObject({ ok: false, reachable: true, appliedMigrations: [] });
    expect(await contentsOf(database.url)).toEqual([]);
    expect((await runCli(['db', 'init', '--database-url', database.url])).code).toBe(0);
    expect(await contentsOf(database.url)).toContain('extension pg_trgm');
    const listed = await runCli(['runs', 'list', '--database-url', database.url]);
    expect([listed.code, listed.stdout]).toEqual([0, 'No runs match.\n']);
    // Every table's row count, each name apart from its number (run_comparison_chunks is 21 characters).
    const report = await runCli(['db', 'health', '--database-url', database.url]);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/^ {2}run_comparison_chunks {2}0$/m);
    expect(report.stdout).toMatch(/^ {2}retention_policies {5}0$/m);
  });
});

describe('read commands on an older llm-eval schema', () => {
  let older: TestDatabase;
  beforeAll(async () => {
    older = await createTestDatabase('postgres');
    const db = await initializeDatabase({ url: older.url });
    await db.dataSource.undoLastMigration();
    await db.close();
  });
  afterAll(() => older?.drop());

  it('migrate it as before', async () => {
    const listed = await runCli(['runs', 'list', '--database-url', older.url]);
    expect([listed.code, listed.stdout, listed.stderr]).toEqual([0, 'No runs match.\n', '']);
    const client = new Client({ connectionString: older.url });
    await client.connect();
    try {
      expect(Number((await client.query(`SELECT COUNT(*) AS n FROM "${MIGRATIONS_TABLE}"`)).rows[0].n)).toBe(ALL_MIGRATIONS.length);
    } finally {
      await client.end();
    }
  });
});

describe('read commands on a SQLite file with no tables', () => {
  const database = useEmptyDatabase('sqlite');

  it('refuse it like an empty PostgreSQL database, never repeating the URL in the advised command', async () => {
    writeFileSync(database.url.replace(/^sqlite:\/\/\//, ''), '');
    const r = await runCli(['runs', 'list', '--database-url', database.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`llm-eval: The database ${database.url} has no llm-eval tables: run \`llm-eval db init --database-url <the same URL>\` first (nothing was created).\n`);
  });
});
