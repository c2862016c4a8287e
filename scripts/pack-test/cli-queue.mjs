// In a project that installed @llm-eval/cli: two installed `llm-eval worker` processes and `llm-eval evaluate
// --queue` on a fresh PostgreSQL database and the local Redis (a key prefix of its own): the run completes with every
// item stored once, and SQLite with --queue is refused.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const bin = path.resolve('node_modules', '.bin', 'llm-eval');
const server = new URL(process.env.LLM_EVAL_TEST_PG_URL || 'postgresql://postgres@127.0.0.1:5432/postgres');
const name = `llm_eval_pack_${randomBytes(6).toString('hex')}`;
const url = new URL(server.href);
url.pathname = `/${name}`;
const env = {
  ...process.env,
  NO_COLOR: '1',
  LLM_EVAL_DATABASE_URL: url.href,
  LLM_EVAL_QUEUE_URL: process.env.LLM_EVAL_TEST_REDIS_URL || 'redis://127.0.0.1:6379',
  LLM_EVAL_QUEUE_PREFIX: `llm-eval-pack-${randomBytes(4).toString('hex')}`,
};

writeFileSync('queue-task.mjs', 'export const task = async (q) => (q.n % 7 === 0 ? "wrong" : `answer-${q.n}`);\n');
writeFileSync('queue-data.jsonl', Array.from({ length: 60 }, (_, n) => JSON.stringify({ id: `q${n}`, input: { n }, expected: `answer-${n}` })).join('\n') + '\n');

const admin = new pg.Client({ connectionString: server.href });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const workers = [];
try {
  const init = spawnSync(bin, ['db', 'init'], { env, encoding: 'utf8' });
  assert.equal(init.status, 0, init.stderr);
  for (const worker of ['pack-w1', 'pack-w2']) {
    const child = spawn(bin, ['worker', '--name', worker, '--concurrency', '4'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    workers.push(child);
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${worker} printed no ready line: ${out}`)), 30_000);
      const look = () => (/is waiting for items on/.test(out) ? (clearTimeout(timer), resolve()) : setTimeout(look, 50));
      look();
    });
  }
  const run = spawnSync(bin, ['evaluate', '--task', './queue-task.mjs', '--dataset', 'queue-data.jsonl', '--metrics', 'exact_match', '--queue', env.LLM_EVAL_QUEUE_URL, '--name', 'pack-distributed', '--json'], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `evaluate --queue exited ${run.status}: ${run.stderr}`);
  const db = new pg.Client({ connectionString: url.href });
  await db.connect();
  let rows;
  let metric;
  try {
    // Items name their run by its run_key.
    ({ rows } = await db.query(
      `SELECT r.status, r.total_items, COUNT(DISTINCT i.item_id)::int AS distinct_items, COUNT(i.id)::int AS rows FROM evaluation_runs r JOIN evaluation_items i ON i.run_key = r.run_key WHERE r.name = 'pack-distributed' GROUP BY r.id`,
    ));
    metric = await db.query(`SELECT m.mean FROM run_metrics m JOIN evaluation_runs r ON r.id = m.run_id WHERE r.name = 'pack-distributed' AND m.metric_name = 'exact_match'`);
  } finally {
    // Closed even when a query failed, so dropping the database below does not kill a connection still open.
    await db.end();
  }
  assert.deepEqual(rows, [{ status: 'completed', total_items: 60, distinct_items: 60, rows: 60 }]);
  assert.ok(Math.abs(metric.rows[0].mean - 51 / 60) < 1e-12, `exact_match mean ${metric.rows[0].mean}`);
  console.log('    ok  two installed `llm-eval worker` processes ran `llm-eval evaluate --queue`: 60 items stored once, run completed, exact_match 0.85');

  const refused = spawnSync(bin, ['evaluate', '--task', './queue-task.mjs', '--dataset', 'queue-data.jsonl', '--database-url', 'sqlite:///./q.db'], { env, encoding: 'utf8' });
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /PostgreSQL/);
  console.log('    ok  evaluate --queue on SQLite is refused (exit 2) and says to use PostgreSQL');
} finally {
  for (const child of workers) child.kill('SIGTERM');
  await Promise.all(workers.map((child) => (child.exitCode !== null ? null : new Promise((r) => child.once('close', r)))));
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
