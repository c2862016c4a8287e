// The raw-driver baselines that runs.addItems is compared with, on the same schema and the same rows.
import Database from 'better-sqlite3';
import pg from 'pg';
import { ITEM_COLUMNS, itemRow } from './item-fixtures.mjs';
import { insertRows } from './pg-insert.mjs';

/** Rows per statement of the PostgreSQL baseline (the same as the repository uses). */
export const PG_ROWS_PER_STATEMENT = 500;

/**
 * SQLite baseline: a second better-sqlite3 connection on the same file with the repository's pragmas, one prepared
 * single-row INSERT run in one db.transaction() per batch (JSON.stringify of input and scores included).
 */
export function openSqliteBaseline(file) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const stmt = db.prepare(
    `INSERT INTO "evaluation_items" (${ITEM_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${ITEM_COLUMNS.map(() => '?').join(', ')})`,
  );
  // Items name their run by its key, looked up once per batch, as storage does.
  const runKey = db.prepare(`SELECT "run_key" FROM "evaluation_runs" WHERE "id" = ?`).pluck();
  const insertBatch = db.transaction((runId, items, firstSequence) => {
    const key = runKey.get(runId);
    for (let i = 0; i < items.length; i++) stmt.run(itemRow(key, items[i], firstSequence + i));
  });
  return {
    insert: async (runId, items, firstSequence) => insertBatch(runId, items, firstSequence),
    close: async () => db.close(),
  };
}

/** PostgreSQL baseline: node-postgres multi-row INSERTs of 500 rows with bound parameters inside BEGIN/COMMIT per batch. */
export async function openPostgresBaseline(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    insert: async (runId, items, firstSequence) => {
      await client.query('BEGIN');
      try {
        const { rows: found } = await client.query(`SELECT "run_key" FROM "evaluation_runs" WHERE "id" = $1`, [runId]);
        const rows = new Array(items.length);
        for (let i = 0; i < items.length; i++) rows[i] = itemRow(found[0].run_key, items[i], firstSequence + i);
        await insertRows(client, 'evaluation_items', ITEM_COLUMNS, rows, PG_ROWS_PER_STATEMENT);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    close: () => client.end(),
  };
}
