// In a project that installed @llm-eval/storage with pg: open a fresh PostgreSQL database (created here and dropped
// afterwards), apply the migrations, write and read a run.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { initializeDatabase, checkHealth } from '@llm-eval/storage';

const server = new URL(process.env.LLM_EVAL_TEST_PG_URL || 'postgresql://postgres@127.0.0.1:5432/postgres');
const name = `llm_eval_pack_${randomBytes(6).toString('hex')}`;
const admin = new pg.Client({ connectionString: server.href });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`); // a generated identifier, not user text
try {
  const url = new URL(server.href);
  url.pathname = `/${name}`;
  const db = await initializeDatabase({ url: url.href });
  try {
    const run = await db.runs.createRun({ name: 'pack-test-pg', projectId: 'pack', tags: ['packed'] });
    await db.runs.addItems(run.id, [{ itemId: 'a', scores: { exact_match: 1 } }]);
    const page = await db.runs.listRuns({ projectId: 'pack' });
    assert.equal(page.total, 1);
    const health = await checkHealth({ dataSource: db.dataSource, config: db.config });
    assert.equal(health.ok, true, `checkHealth: ${health.error}`);
    assert.equal(health.backend, 'postgres');
    console.log(`    ok  PostgreSQL ${name}: migrations applied, a run stored and listed, checkHealth ok`);
  } finally {
    await db.close();
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
