import type { EntityManager } from 'typeorm';
import type { SqlDialect } from './sql-dialect';
import { decodeText } from './stored-text';

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
 * an older writer), so a reader scopes the deletion to the run's project even if it never saw the run; and
 * `snapshot`, the run as it was deleted (undefined from older writers), so a reader that had not read it yet (another
 * process created, finished and deleted it within one poll) still tells of its creation and finish.
 */
export interface RunChange {
  runId: string;
  kind: RunChangeKind;
  runName?: string;
  projectId?: string | null;
  snapshot?: RunSnapshot;
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

/** PostgreSQL refuses a notification payload of 8000 bytes or more (the whole delete would fail). */
const MAX_PAYLOAD_BYTES = 7_999;
/** Characters of a status reason (a text column, unbounded) a deletion's notification keeps. */
const PAYLOAD_REASON_CHARS = 200;

/**
 * The notification payload: small JSON. PostgreSQL limits payloads to 8000 bytes. A run name, model name and dataset
 * name are at most 255 characters, a project id at most 128, at most 6 bytes each as JSON (`\uXXXX`): 5,358 bytes;
 * with a status reason cut to PAYLOAD_REASON_CHARS (1,200 bytes) and the numbers and dates (under 500), a deletion
 * with its snapshot stays under 7,100 bytes. Should one still not fit, the snapshot is left out (the deletion itself
 * must never fail).
 */
function payload(change: RunChange): string {
  const { runId, kind, runName, projectId, snapshot } = change;
  const json = (snap?: Record<string, unknown>) =>
    JSON.stringify({
      runId,
      kind,
      ...(runName === undefined ? {} : { runName }),
      ...(projectId === undefined ? {} : { projectId }),
      ...(snap === undefined ? {} : { snapshot: snap }),
    });
  if (!snapshot) return json();
  const reason = snapshot.statusReason;
  const cut = reason !== null && reason.length > PAYLOAD_REASON_CHARS ? `${reason.slice(0, PAYLOAD_REASON_CHARS - 1)}…` : reason;
  const full = json(snapshotFields({ ...snapshot, statusReason: cut }));
  return Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES ? full : json();
}

/** A snapshot as JSON fields, without what the change itself carries (id, name, project). */
function snapshotFields(s: RunSnapshot): Record<string, unknown> {
  const { id: _id, name: _name, projectId: _project, createdAt, startedAt, completedAt, ...rest } = s;
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return { ...rest, createdAt: createdAt.toISOString(), startedAt: iso(startedAt), completedAt: iso(completedAt) };
}

/**
 * The snapshot of a deletion's change, from its JSON fields (a payload's `snapshot`, a SQLite row's run_snapshot) and
 * the change's run id, name and project; undefined when it is missing or not of this shape (never a made-up run).
 */
function snapshotOf(value: unknown, runId: string, runName: string | undefined, projectId: string | null | undefined): RunSnapshot | undefined {
  if (value === null || typeof value !== 'object' || runName === undefined || projectId === undefined) return undefined;
  const v = value as Record<string, unknown>;
  const isNum = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  const isStrOrNull = (x: unknown) => x === null || typeof x === 'string';
  const counts = ['totalItems', 'successfulItems', 'failedItems', 'successRate', 'totalTokens', 'totalCost', 'durationSeconds'];
  if (typeof v.status !== 'string' || !counts.every((k) => isNum(v[k]))) return undefined;
  if (!isStrOrNull(v.statusReason) || !isStrOrNull(v.modelName) || !isStrOrNull(v.datasetName)) return undefined;
  if (!(v.avgResponseTime === null || isNum(v.avgResponseTime))) return undefined;
  const createdAt = typeof v.createdAt === 'string' ? new Date(v.createdAt) : null;
  const completedAt = typeof v.completedAt === 'string' ? new Date(v.completedAt) : null;
  // An older writer's snapshot has no startedAt: read as none.
  const startedAt = typeof v.startedAt === 'string' ? new Date(v.startedAt) : null;
  if (!createdAt || Number.isNaN(createdAt.getTime()) || (completedAt && Number.isNaN(completedAt.getTime()))) return undefined;
  if (!(v.completedAt === null || completedAt)) return undefined;
  if (!(v.startedAt === undefined || v.startedAt === null || (startedAt && !Number.isNaN(startedAt.getTime())))) return undefined;
  return {
    id: runId,
    name: runName,
    status: v.status,
    statusReason: decodeOrNull(v.statusReason as string | null),
    projectId,
    modelName: decodeOrNull(v.modelName as string | null),
    datasetName: decodeOrNull(v.datasetName as string | null),
    totalItems: v.totalItems as number,
    successfulItems: v.successfulItems as number,
    failedItems: v.failedItems as number,
    successRate: v.successRate as number,
    avgResponseTime: v.avgResponseTime as number | null,
    totalTokens: v.totalTokens as number,
    totalCost: v.totalCost as number,
    durationSeconds: v.durationSeconds as number,
    createdAt,
    startedAt,
    completedAt,
  };
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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
 * Signals the deletion of runs, with their names, projects and snapshots (the run as it was deleted, read in the
 * deleting transaction), on the caller's transaction. Call it before deleting the rows (it reads them). Ids that do
 * not exist are skipped.
 * @internal
 */
export async function noteRunsDeleted(manager: EntityManager, dialect: SqlDialect, ids: readonly string[]): Promise<void> {
  for (const chunk of chunks(ids, CHUNK)) {
    const params = chunk.map((_, i) => dialect.param(i + 1)).join(', ');
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT ${SNAPSHOT_COLUMNS} FROM "evaluation_runs" WHERE "id" IN (${params})`,
      chunk,
    );
    if (rows.length === 0) continue;
    const snapshots = rows.map(toSnapshot);
    if (dialect.kind === 'postgres') {
      // One statement for the whole chunk: a prune of 10,000 runs is 20 round trips, not 10,000.
      await manager.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p`, [
        RUN_CHANGES_CHANNEL,
        snapshots.map((s) => payload({ runId: s.id, kind: 'deleted', runName: s.name, projectId: s.projectId, snapshot: s })),
      ]);
    } else {
      const now = Date.now();
      const values = snapshots.map(() => `(?, 'deleted', ?, ?, ?, ?)`).join(', ');
      await manager.query(
        `INSERT INTO "run_changes" ("run_id", "kind", "run_name", "project_id", "run_snapshot", "changed_at") VALUES ${values}`,
        snapshots.flatMap((s) => [s.id, s.name, s.projectId, JSON.stringify(snapshotFields(s)), now]),
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
    const value = JSON.parse(text) as Partial<Omit<RunChange, 'snapshot'>> & { snapshot?: unknown };
    if (typeof value?.runId !== 'string' || !['created', 'items', 'updated', 'deleted'].includes(String(value.kind))) return null;
    const runName = typeof value.runName === 'string' ? decodeText(value.runName) : undefined;
    const projectId = typeof value.projectId === 'string' || value.projectId === null ? value.projectId : undefined;
    const snapshot = value.kind === 'deleted' ? snapshotOf(value.snapshot, value.runId, runName, projectId) : undefined;
    return {
      runId: value.runId,
      kind: value.kind as RunChangeKind,
      ...(runName === undefined ? {} : { runName }),
      ...(projectId === undefined ? {} : { projectId }),
      ...(snapshot ? { snapshot } : {}),
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
    `SELECT "id", "run_id", "kind", "run_name", "project_id", "run_snapshot" FROM "run_changes" WHERE "id" > ? ORDER BY "id" LIMIT ${Math.max(1, Math.floor(limit))}`,
    [afterId],
  );
  return rows.map((r) => {
    const kind = String(r.kind) as RunChangeKind;
    const runId = String(r.run_id);
    const runName = r.run_name === null || r.run_name === undefined ? undefined : decodeText(String(r.run_name));
    const snapshot = kind === 'deleted' ? snapshotOf(parseJson(r.run_snapshot), runId, runName, strOrNull(r.project_id)) : undefined;
    return {
      id: Number(r.id),
      runId,
      kind,
      ...(runName === undefined ? {} : { runName }),
      ...(kind === 'deleted' ? { projectId: strOrNull(r.project_id) } : {}),
      ...(snapshot ? { snapshot } : {}),
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
  /** The stored duration: the column's default 0 while it is not known (knownDurationSeconds tells, with startedAt). */
  durationSeconds: number;
  createdAt: Date;
  /** Null also in the snapshot of a deleted run signalled by an older writer, which did not carry it. */
  startedAt: Date | null;
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
const decodeOrNull = (v: string | null): string | null => (v === null ? null : decodeText(v));

const SNAPSHOT_COLUMNS =
  `"id", "name", "status", "status_reason", "project_id", "model_name", "dataset_name", "total_items", "successful_items", ` +
  `"failed_items", "success_rate", "avg_response_time", "total_tokens", "total_cost", "duration_seconds", "created_at", "started_at", ` +
  `"completed_at"`;

/**
 * A run row as a snapshot, its text in the stored form (what a deletion signal carries: its readers decode it, as
 * they decode any stored text; decoding twice would turn a literal U+FDD0 and four hex digits into another character).
 */
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
    startedAt: toDate(r.started_at),
    completedAt: toDate(r.completed_at),
  };
}

/**
 * A stored-form snapshot with its text as given: raw rows skip the entity hooks that decode stored text, and a name
 * with NUL or U+FDD0 reached live events in its stored form.
 */
function decoded(s: RunSnapshot): RunSnapshot {
  return {
    ...s,
    name: decodeText(s.name),
    statusReason: decodeOrNull(s.statusReason),
    modelName: decodeOrNull(s.modelName),
    datasetName: decodeOrNull(s.datasetName),
  };
}

/** The runs with these ids as snapshots (missing ids are left out), by primary key. */
export async function readRunSnapshots(query: ReadQuery, dialect: SqlDialect, ids: readonly string[]): Promise<RunSnapshot[]> {
  const out: RunSnapshot[] = [];
  for (const chunk of chunks(ids, CHUNK)) {
    const params = chunk.map((_, i) => dialect.param(i + 1)).join(', ');
    const rows = await query(`SELECT ${SNAPSHOT_COLUMNS} FROM "evaluation_runs" WHERE "id" IN (${params})`, [...chunk]);
    out.push(...rows.map((r) => decoded(toSnapshot(r))));
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
  return rows.map((r) => decoded(toSnapshot(r)));
}
