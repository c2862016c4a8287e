// Page time of listRuns sorted by duration (unknown durations last) on 100,000 runs: the first page and a keyset page
// 20 pages deep, both directions, and pages under duration bounds. Not a test: a measurement, run after a build.
//
//   pnpm --filter @llm-eval/storage build && node packages/storage/scripts/duration-sort-pages.mjs
//   PG_URL=postgresql://postgres@127.0.0.1:5432/postgres node packages/storage/scripts/duration-sort-pages.mjs
//
// SQLite by default (a temporary file); with PG_URL, a database created beside that one and dropped afterwards. RUNS
// (100000) and REPS (30) change the sizes; a first argument names another build of the package to load (a path to its
// dist/index.js), to compare with an older one.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';

const RUNS = Number(process.env.RUNS ?? 100_000);
const REPS = Number(process.env.REPS ?? 30);
const storage = await import(process.argv[2] ? pathToFileURL(path.resolve(process.argv[2])).href : '@llm-eval/storage');

// Of the runs: 88% finished with times, 4% running, 3% stored without times or a duration, 2% a cancel never
// finalised, 2% imported with a duration but no times, 1% real 0 s runs (unknown durations: 9%).
function kindOf(r) {
  if (r < 0.88) return 'timed';
  if (r < 0.92) return 'running';
  if (r < 0.95) return 'untimed';
  if (r < 0.97) return 'cancelled-open';
  if (r < 0.99) return 'imported';
  return 'instant';
}

function seedSqlite(file) {
  const db = new Database(file);
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `INSERT INTO "evaluation_runs" ("id", "run_key", "name", "status", "created_at", "updated_at", "started_at", "completed_at", "duration_seconds") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let state = 7;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const at = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  const now = Date.UTC(2026, 10, 1);
  db.transaction(() => {
    for (let i = 0; i < RUNS; i++) {
      const created = now - Math.floor(random() * 365 * 86_400_000);
      const d = Math.round(random() * 3600 * 100) / 100;
      const row = {
        timed: ['completed', at(created), at(created + d * 1000), d],
        running: ['running', at(created), null, 0],
        untimed: ['completed', null, at(created), 0],
        'cancelled-open': ['cancelled', at(created), null, 0],
        imported: ['completed', null, null, d],
        instant: ['completed', at(created), at(created), 0],
      }[kindOf(random())];
      insert.run(randomUUID(), i + 1, `run ${i}`, row[0], at(created), at(created), row[1], row[2], row[3]);
    }
  })();
  db.exec('ANALYZE');
  db.close();
}

async function seedPostgres(db) {
  // The same mix as seedSqlite, drawn per row (a CTE: an uncorrelated LATERAL would draw once for every row).
  await db.dataSource.query(
    `WITH v AS (
       SELECT i, now() - random() * interval '365 days' AS c, random() AS r, round((random() * 3600)::numeric, 2)::float8 AS d
       FROM generate_series(1, $1::int) AS i)
     INSERT INTO "evaluation_runs" ("id", "run_key", "name", "status", "created_at", "updated_at", "started_at", "completed_at", "duration_seconds")
     SELECT gen_random_uuid(), i, 'run ' || i,
       CASE WHEN r < 0.88 THEN 'completed' WHEN r < 0.92 THEN 'running' WHEN r < 0.95 THEN 'completed' WHEN r < 0.97 THEN 'cancelled' ELSE 'completed' END,
       c, c,
       CASE WHEN r < 0.92 OR (r >= 0.95 AND r < 0.97) OR r >= 0.99 THEN c END,
       CASE WHEN r < 0.88 THEN c + d * interval '1 second' WHEN (r >= 0.92 AND r < 0.95) OR r >= 0.99 THEN c END,
       CASE WHEN r < 0.88 OR (r >= 0.97 AND r < 0.99) THEN d ELSE 0 END
     FROM v`,
    [RUNS],
  );
  await db.dataSource.query('ANALYZE "evaluation_runs"');
}

async function time(fn) {
  for (let i = 0; i < 5; i++) await fn();
  const ms = [];
  for (let i = 0; i < REPS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return `${ms[Math.floor(ms.length / 2)].toFixed(2)} / ${ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))].toFixed(2)}`;
}

async function measure(db, label) {
  const indexSql =
    label === 'PostgreSQL'
      ? `SELECT COUNT(*) AS "n" FROM pg_indexes WHERE indexname LIKE 'IDX_runs_duration_%_key'`
      : `SELECT COUNT(*) AS "n" FROM sqlite_master WHERE name LIKE 'IDX_runs_duration_%_key'`;
  const [{ n }] = await db.dataSource.query(indexSql);
  console.log(`${RUNS.toLocaleString('en')} ${label} runs, pages of 50, ${REPS} repetitions, ms p50 / p95; duration key indexes: ${n}`);
  console.log('| listRuns | first page | page 21 (cursor) |');
  console.log('| --- | --- | --- |');
  for (const direction of ['asc', 'desc']) {
    const first = await time(() => db.runs.listRuns({ sort: 'durationSeconds', direction, limit: 50 }));
    let cursor;
    for (let i = 0; i < 20; i++) cursor = (await db.runs.listRuns({ sort: 'durationSeconds', direction, limit: 50, cursor })).nextCursor ?? undefined;
    const deep = await time(() => db.runs.listRuns({ sort: 'durationSeconds', direction, limit: 50, cursor }));
    console.log(`| sort durationSeconds ${direction} | ${first} | ${deep} |`);
  }
  // Duration bounds, the default order (newest first): the page and its total.
  for (const bounds of [{ maxDurationSeconds: 10 }, { minDurationSeconds: 3500 }, { minDurationSeconds: 100, maxDurationSeconds: 200 }]) {
    const { total } = await db.runs.listRuns({ ...bounds, limit: 1 });
    console.log(`| ${JSON.stringify(bounds)} (${total.toLocaleString('en')} runs) | ${await time(() => db.runs.listRuns({ ...bounds, limit: 50 }))} | |`);
  }
}

if (process.env.PG_URL) {
  const name = `llm_eval_duration_pages_${process.pid}`;
  const admin = new pg.Client({ connectionString: process.env.PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(process.env.PG_URL);
    url.pathname = `/${name}`;
    const db = await storage.initializeDatabase({ url: url.toString() });
    await seedPostgres(db);
    await measure(db, 'PostgreSQL');
    await db.close();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
} else {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'llm-eval-duration-pages-'));
  try {
    const url = `sqlite:///${path.join(dir, 'runs.db')}`;
    await (await storage.initializeDatabase({ url })).close();
    seedSqlite(path.join(dir, 'runs.db'));
    const db = await storage.initializeDatabase({ url });
    await measure(db, 'SQLite');
    await db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
