// Fast seeding with the raw drivers (not measured): projects, runs and items straight into the migrated schema.
import Database from 'better-sqlite3';
import pg from 'pg';
import { ITEM_COLUMNS, itemRow, makeItem } from './item-fixtures.mjs';
import { projectIds, RUN_COLUMNS, runRow, sqliteDatetime } from './run-fixtures.mjs';
import { seededRandom } from './random.mjs';
import { insertRows } from './pg-insert.mjs';

/**
 * Which items to seed: `bigRunItems` items for runs[0] (the computeRunMetrics subject), then `itemsPerRun` items for
 * each of the next runs until `totalItems` items exist.
 */
function* itemPlan(runs, { totalItems, bigRunItems, itemsPerRun }) {
  const random = seededRandom(99);
  let left = totalItems;
  for (let r = 0; r < runs.length && left > 0; r++) {
    const count = Math.min(left, r === 0 ? bigRunItems : itemsPerRun);
    for (let i = 0; i < count; i++) yield itemRow(runs[r].run_key, makeItem(i, random), i);
    left -= count;
  }
}

/** Numbers the runs after the keys the database already holds (runs storage created), as storage would. */
function numberRuns(runs, largestKey) {
  runs.forEach((run, i) => (run.run_key = Number(largestKey ?? 0) + i + 1));
}

/** Seeds a migrated SQLite file. Plain INSERTs into evaluation_runs keep the FTS5 table in step through its triggers. */
/** Per-metric statistics (accuracy, exact_match) for every run, so run pages carry metrics and metric queries read them. */
export function seedRunMetrics(file, runs) {
  const raw = new Database(file);
  const random = seededRandom(5);
  const insert = raw.prepare(
    `INSERT INTO "run_metrics" ("run_id", "metric_name", "metric_type", "mean", "total_evaluated", "successful_evaluations", "failed_evaluations", "computed_at") VALUES (?, ?, ?, ?, 100, 100, 0, '2026-01-01 00:00:00.000')`,
  );
  raw.transaction(() => {
    for (const run of runs) {
      insert.run(run.id, 'accuracy', 'numeric', random());
      insert.run(run.id, 'exact_match', 'boolean', Math.round(random() * 100) / 100);
    }
  })();
  raw.close();
}

export function seedSqlite(file, runs, plan) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const now = sqliteDatetime(new Date());
  const insertProject = db.prepare(`INSERT INTO "projects" ("id", "name", "created_at", "updated_at") VALUES (?, ?, ?, ?)`);
  const insertRun = db.prepare(
    `INSERT INTO "evaluation_runs" (${RUN_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${RUN_COLUMNS.map(() => '?').join(', ')})`,
  );
  const insertItem = db.prepare(
    `INSERT INTO "evaluation_items" (${ITEM_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${ITEM_COLUMNS.map(() => '?').join(', ')})`,
  );
  numberRuns(runs, db.prepare(`SELECT MAX("run_key") FROM "evaluation_runs"`).pluck().get());
  db.transaction(() => {
    for (const id of projectIds()) insertProject.run(id, id, now, now);
    for (const run of runs) insertRun.run(runRow(run, sqliteDatetime));
  })();
  let count = 0;
  const rows = itemPlan(runs, plan);
  const insertChunk = db.transaction(() => {
    for (let i = 0; i < 200_000; i++) {
      const next = rows.next();
      if (next.done) return false;
      insertItem.run(next.value);
      count++;
    }
    return true;
  });
  while (insertChunk());
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { runs: runs.length, items: count };
}

/**
 * Seeds a migrated PostgreSQL database with multi-row INSERTs, then runs VACUUM ANALYZE: the steady state that
 * autovacuum reaches about a minute after a bulk insert (statistics, and a visibility map that lets COUNT(*) use
 * index-only scans). Right after the load, before that, counts over all runs are about 10 ms slower.
 */
export async function seedPostgres(url, runs, plan) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    numberRuns(runs, (await client.query(`SELECT MAX("run_key") AS "max" FROM "evaluation_runs"`)).rows[0].max);
    const now = new Date();
    await insertRows(client, 'projects', ['id', 'name', 'created_at', 'updated_at'], projectIds().map((id) => [id, id, now, now]), 100);
    const runRows = runs.map((run) => runRow(run, (d) => d.toISOString()));
    await insertRows(client, 'evaluation_runs', RUN_COLUMNS, runRows, 1_000);
    let count = 0;
    let chunk = [];
    for (const row of itemPlan(runs, plan)) {
      chunk.push(row);
      if (chunk.length === 20_000) {
        await insertRows(client, 'evaluation_items', ITEM_COLUMNS, chunk, 500);
        count += chunk.length;
        chunk = [];
      }
    }
    await insertRows(client, 'evaluation_items', ITEM_COLUMNS, chunk, 500);
    count += chunk.length;
    // Runs created later by storage take their key from the sequence: past the seeded ones.
    await client.query(`SELECT setval('evaluation_runs_run_key_seq', (SELECT MAX("run_key") FROM "evaluation_runs"))`);
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE');
    return { runs: runs.length, items: count };
  } finally {
    await client.end();
  }
}
