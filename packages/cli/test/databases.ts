import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

const PG_ADMIN_URL = process.env.LLM_EVAL_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Both databases every storage test runs on. */
export const DATABASE_KINDS = ['sqlite', 'postgres'] as const;

/** Creates an empty database of `kind` before the tests of the calling file and drops it after. */
export function useEmptyDatabase(kind: 'sqlite' | 'postgres'): { readonly url: string } {
  let url = '';
  let drop: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    if (kind === 'sqlite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-evaluator-'));
      url = `sqlite:///${path.join(dir, 'runs.db')}`;
      drop = async () => rmSync(dir, { recursive: true, force: true });
      return;
    }
    const name = `llm_eval_test_${randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect().catch((error: Error) => {
      throw new Error(`PostgreSQL tests need a server at ${PG_ADMIN_URL} (set LLM_EVAL_TEST_PG_URL): ${error.message}`);
    });
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  });
  afterAll(() => drop());
  return {
    get url() {
      return url;
    },
  };
}
