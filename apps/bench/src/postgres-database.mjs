// A throwaway PostgreSQL database per benchmark run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function admin(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates `llm_eval_bench_<random>`; returns its URL and a drop() that removes it. */
export async function createTempDatabase() {
  const name = `llm_eval_bench_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** True when the PostgreSQL server answers. */
export async function postgresAvailable() {
  try {
    await admin('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
