// In a project that installed @llm-eval/queue with pg: runs the README example of @llm-eval/queue against a fresh
// PostgreSQL database (created here, dropped afterwards) and the local Redis, under a key prefix of its own.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const server = new URL(process.env.LLM_EVAL_TEST_PG_URL || 'postgresql://postgres@127.0.0.1:5432/postgres');
const name = `llm_eval_pack_${randomBytes(6).toString('hex')}`;
const admin = new pg.Client({ connectionString: server.href });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`); // a generated identifier, not user text
let status = 1;
try {
  const url = new URL(server.href);
  url.pathname = `/${name}`;
  const run = spawnSync(process.execPath, ['readme-example.mjs', 'queue'], {
    stdio: 'inherit',
    env: { ...process.env, LLM_EVAL_DATABASE_URL: url.href, LLM_EVAL_QUEUE_URL: process.env.LLM_EVAL_TEST_REDIS_URL || 'redis://127.0.0.1:6379' },
  });
  status = run.status ?? 1;
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
process.exit(status);
