import type { EntityManager } from 'typeorm';
import type { SqlDialect } from './sql-dialect';

/**
 * Change signals: every write to a run tells readers in other processes (the API server's live events) that the run
 * changed, inside the write's own transaction, so a signal exists exactly when the write committed.
 *
 * - PostgreSQL: `pg_notify` on RUN_CHANGES_CHANNEL. PostgreSQL delivers a notification only when its transaction
 *   commits (never on rollback), to every session that LISTENs, within milliseconds; nothing is stored.
 * - SQLite has no NOTIFY. The signal is one row appended to the `run_changes` table. SQLite commits one writer at a
 *   time, so the row ids (AUTOINCREMENT: never reused, even after pruning) grow in commit order and a reader that
 *   remembers the last id it saw reads exactly the changes committed since, with one primary-key range scan. A reader
 *   learns cheaply that anything was committed at all from `PRAGMA data_version` on its own connection, and only then
 *   reads this table. A deleted run's row is gone, so its change row carries the run's name and project. Rows older
 *   than a day are pruned when a run is created: the table holds about one row per stored batch of the last day.
 *
 * This beats re-reading runs by `updated_at` on SQLite: no clock of another process is compared with a watermark
 * (a long transaction that stamps its time before a reader's watermark and commits after it is never missed), deletes
 * need no second table, and the 100,000-run table needs no new index.
 */

/** The PostgreSQL channel run changes are notified on. */
export const RUN_CHANGES_CHANNEL = 'llm_eval_run_changes';

/** The SQLite table of run change signals. */
export const RUN_CHANGES_TABLE = 'run_changes';

/** How long SQLite keeps change rows (a reader further behind than this re-reads what it needs). */
export const RUN_CHANGES_RETENTION_MS = 24 * 60 * 60 * 1000;

/** What happened to a run: created (createRun, importRun), items stored, fields/status/totals changed, or deleted. */
export type RunChangeKind = 'created' | 'items' | 'updated' | 'deleted';

/**
 * One change signal. Deletions carry what a reader can no longer read from the gone row: `runName`, and `projectId`
 * (the run's project when it was deleted; null: a run without a project; undefined: not recorded, e.g. a signal of
 * an older writer), so a reader scopes the deletion to the run's project even if it never saw the run.
 */
export interface RunChange {
  runId: string;
  kind: RunChangeKind;
  runName?: string;
  projectId?: string | null;
}

/** A change row of the SQLite table, with its commit-ordered id. */
export interface StoredRunChange extends RunChange {
  id: number;
}

// Ids per statement: far below both databases' bound-parameter limits.
const CHUNK = 500;

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
}

/**
 * The notification payload: small JSON. PostgreSQL limits payloads to 8000 bytes; a run name is at most 255
 * characters and a project id at most 128 (both varchar(255) would still do), at most 6 bytes each as JSON
 * (`\uXXXX`), so a deletion's payload stays under 3,200 bytes.
 */
function payload(change: RunChange): string {
  const { runId, kind, runName, projectId } = change;
  return JSON.stringify({
    runId,
    kind,
    ...(runName === undefined ? {} : { runName }),
    ...(projectId === undefined ? {} : { projectId }),
  });
}

/**
 * Signals that a run changed, on the caller's transaction (so only a committed change is ever signalled).
 * @internal
 */
export async function noteRunChange(manager: EntityManager, dialect: SqlDialect, runId: string, kind: Exclude<RunChangeKind, 'deleted'>): Promise<void> {
  if (dialect.kind === 'postgres') {
    await manager.query(`SELECT pg_notify($1, $2)`, [RUN_CHANGES_CHANNEL, payload({ runId, kind })]);
    return;
  }
  const now = Date.now();
  await manager.query(`INSERT INTO "run_changes" ("run_id", "kind", "changed_at") VALUES (?, ?, ?)`, [runId, kind, now]);
  // Pruning rides on run creation (rare next to item batches), along the changed_at index.
  if (kind === 'created') await manager.query(`DELETE FROM "run_changes" WHERE "changed_at" < ?`, [now - RUN_CHANGES_RETENTION_MS]);
}

/**
 * Signals the deletion of runs, with their names and projects, on the caller's transaction. Call it before deleting
 * the rows (it reads them). Ids that do not exist are skipped.
 * @internal
 */
export async function noteRunsDeleted(manager: EntityManager, dialect: SqlDialect, ids: readonly string[]): Promise<void> {
  for (const chunk of chunks(ids, CHUNK)) {
    const params = chunk.map((_, i) => dialect.param(i + 1)).join(', ');
    const rows: Array<{ id: string; name: string; project_id: string | null }> = await manager.query(
      `SELECT "id", "name", "project_id" FROM "evaluation_runs" WHERE "id" IN (${params})`,
      chunk,
    );
    if (rows.length === 0) continue;
    if (dialect.kind === 'postgres') {
      // One statement for the whole chunk: a prune of 10,000 runs is 20 round trips, not 10,000.
      await manager.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p`, [
        RUN_CHANGES_CHANNEL,
        rows.map((r) => payload({ runId: String(r.id), kind: 'deleted', runName: r.name, projectId: r.project_id ?? null })),
      ]);
    } else {
      const now = Date.now();
      const values = rows.map(() => `(?, 'deleted', ?, ?, ?)`).join(', ');
      await manager.query(
        `INSERT INTO "run_changes" ("run_id", "kind", "run_name", "project_id", "changed_at") VALUES ${values}`,
        rows.flatMap((r) => [r.id, r.name, r.project_id ?? null, now]),
      );
    }
  }
}

/**
 * Parses a notification payload of RUN_CHANGES_CHANNEL; null when it is not one of ours. A `projectId` that is not a
 * string or null is left out (the project is then not known), never taken for one.
 */
export function parseRunChangePayload(text: string): RunChange | null {
  try {
    const value = JSON.parse(text) as Partial<RunChange>;
    if (typeof value?.runId !== 'string' || !['created', 'items', 'updated', 'deleted'].includes(String(value.kind))) return null;
    return {
      runId: value.runId,
      kind: value.kind as RunChangeKind,
      ...(typeof value.runName === 'string' ? { runName: value.runName } : {}),
      ...(typeof value.projectId === 'string' || value.projectId === null ? { projectId: value.projectId } : {}),
    };
  } catch {
    return null;
  }
}

/** Runs a read-only statement: `dataSource.query`, or a wrapper around a reader's own SQLite connection. */
export type ReadQuery = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>> | Array<Record<string, unknown>>;

/** The id of the newest SQLite change row (0 when none): where a reader that starts now begins. */
export async function latestRunChangeId(query: ReadQuery): Promise<number> {
  const [row] = await query(`SELECT COALESCE(MAX("id"), 0) AS "id" FROM "run_changes"`, []);
  return Number(row?.id ?? 0);
}

/**
 * SQLite change rows committed after `afterId`, oldest first, at most `limit` of them. A deletion's `projectId` is
 * its recorded project, null for a run without one.
 */
export async function readRunChangesSince(query: ReadQuery, afterId: number, limit = 2000): Promise<StoredRunChange[]> {
  const rows = await query(
    `SELECT "id", "run_id", "kind", "run_name", "project_id" FROM "run_changes" WHERE "id" > ? ORDER BY "id" LIMIT ${Math.max(1, Math.floor(limit))}`,
    [afterId],
  );
  return rows.map((r) => {
    const kind = String(r.kind) as RunChangeKind;
    return {
      id: Number(r.id),
      runId: String(r.run_id),
      kind,
      ...(r.run_name === null || r.run_name === undefined ? {} : { runName: String(r.run_name) }),
      ...(kind === 'deleted' ? { projectId: strOrNull(r.project_id) } : {}),
    };
  });
}

/** What a live-event reader needs of a run: identity, status, totals and timing. */
export interface RunSnapshot {
  id: string;
  name: string;
  status: string;
  statusReason: string | null;
  projectId: string | null;
  modelName: string | null;
  datasetName: string | null;
  totalItems: number;
  successfulItems: number;
  failedItems: number;
  successRate: number;
  avgResponseTime: number | null;
  totalTokens: number;
  totalCost: number;
  durationSeconds: number;
  createdAt: Date;
  completedAt: Date | null;
}

/** A SQLite datetime text (UTC) or a PostgreSQL Date as a Date. */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const SNAPSHOT_COLUMNS =
  `"id", "name", "status", "status_reason", "project_id", "model_name", "dataset_name", "total_items", "successful_items", ` +
  `"failed_items", "success_rate", "avg_response_time", "total_tokens", "total_cost", "duration_seconds", "created_at", "completed_at"`;

function toSnapshot(r: Record<string, unknown>): RunSnapshot {
  return {
    id: String(r.id),
    name: String(r.name),
    status: String(r.status),
    statusReason: strOrNull(r.status_reason),
    projectId: strOrNull(r.project_id),
    modelName: strOrNull(r.model_name),
    datasetName: strOrNull(r.dataset_name),
    totalItems: num(r.total_items),
    successfulItems: num(r.successful_items),
    failedItems: num(r.failed_items),
    successRate: num(r.success_rate),
    avgResponseTime: numOrNull(r.avg_response_time),
    totalTokens: num(r.total_tokens),
    totalCost: num(r.total_cost),
    durationSeconds: num(r.duration_seconds),
    createdAt: toDate(r.created_at) ?? new Date(0),
    completedAt: toDate(r.completed_at),
  };
}

/** The runs with these ids as snapshots (missing ids are left out), by primary key. */
export async function readRunSnapshots(query: ReadQuery, dialect: SqlDialect, ids: readonly string[]): Promise<RunSnapshot[]> {
  const out: RunSnapshot[] = [];
  for (const chunk of chunks(ids, CHUNK)) {
    const params = chunk.map((_, i) => dialect.param(i + 1)).join(', ');
    const rows = await query(`SELECT ${SNAPSHOT_COLUMNS} FROM "evaluation_runs" WHERE "id" IN (${params})`, [...chunk]);
    out.push(...rows.map(toSnapshot));
  }
  return out;
}

/**
 * A reader's resynchronisation after it may have missed signals (a lost LISTEN connection): every run stored as
 * running, and with `changedSince` every run written since then (every write path moves updated_at), newest first.
 * Rare, so the updated_at condition may scan the table.
 */
export async function readRunningRunSnapshots(
  query: ReadQuery,
  dialect: SqlDialect,
  options: { changedSince?: Date; limit?: number } = {},
): Promise<RunSnapshot[]> {
  const limit = Math.max(1, Math.floor(options.limit ?? 10_000));
  const changed = options.changedSince ? ` OR "updated_at" >= ${dialect.param(1)}` : '';
  const rows = await query(
    `SELECT ${SNAPSHOT_COLUMNS} FROM "evaluation_runs" WHERE "status" = 'running'${changed} ORDER BY "created_at" DESC LIMIT ${limit}`,
    options.changedSince ? [dialect.timestamp(options.changedSince)] : [],
  );
  return rows.map(toSnapshot);
}
