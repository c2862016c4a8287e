import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Admin connection used to create and drop a database per test file. CI provides a local server with trust auth. */
export const PG_ADMIN_URL = process.env.LLM_EVAL_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The kinds every database test runs on. */
export const DATABASE_KINDS = ['sqlite', 'postgres'] as const;

/** A throwaway database of one kind, with the URL to reach it. */
export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  url: string;
  drop(): Promise<void>;
}

async function createPostgres(): Promise<TestDatabase> {
  const name = `llm_eval_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch (error) {
    // Never skip: the PostgreSQL half of every suite is required.
    throw new Error(`PostgreSQL tests need a server at ${PG_ADMIN_URL} (set LLM_EVAL_TEST_PG_URL): ${(error as Error).message}`);
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

function createSqlite(): TestDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-test-'));
  return {
    kind: 'sqlite',
    url: `sqlite:///${path.join(dir, 'runs.db')}`, // absolute path: sqlite:////tmp/…
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Creates a fresh, empty database of the given kind. */
export function createTestDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  return kind === 'postgres' ? createPostgres() : Promise.resolve(createSqlite());
}

/** Registers beforeAll/afterAll that create an empty database of `kind` for the calling file and drop it after. */
export function useEmptyDatabase(kind: 'sqlite' | 'postgres'): { readonly url: string } {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.drop();
  });
  return {
    get url() {
      return db!.url;
    },
  };
}
export * from './redis';
export * from './clock';
