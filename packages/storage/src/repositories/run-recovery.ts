import type { DataSource, EntityManager } from 'typeorm';
import { EvaluationRun } from '@llm-eval/models';
import { RunNotFoundError, RunNotRecoverableError, RunWriterAliveError } from '../errors';
import { computeAndStoreRunMetrics } from './compute-run-metrics';
import { databaseNow, POSTGRES_NOW_SQL } from './database-clock';
import type { RunRecord } from './records';
import { HEARTBEAT_INTERVAL_MS, runState, writerMayBeAlive, writerState } from './run-liveness';
import type { SqlDialect } from './sql-dialect';
import { inTransaction } from './transaction';
import { noteRunChange } from './run-changes';
import { itemsOfRun } from './run-key';

/** Options of recoverRun and findAbandonedRuns. */
export interface RecoveryOptions {
  /** Recover even when the writer may still be alive (its process exists on this host, or it beats elsewhere). */
  force?: boolean;
  /** Seconds without a heartbeat that make a running run abandoned (default: `LLM_EVAL_HEARTBEAT_TIMEOUT`, else 120). */
  heartbeatTimeoutSeconds?: number;
}

/** What recoverRun settled. */
export interface RecoveryOutcome {
  runId: string;
  /** Items the run had stored, from which its totals and statistics were computed. */
  items: number;
  /** The final status and why (stored as the run's status reason). */
  status: 'failed';
  reason: string;
}

/** A SQLite datetime text or a PostgreSQL Date as a Date. */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

/**
 * Running runs whose writer is gone, oldest first, as readers show them (status `abandoned`), judged at the database's
 * clock (databaseNow). @internal
 */
export async function findAbandoned(
  dataSource: DataSource,
  toRecord: (run: EvaluationRun, now: Date) => RunRecord,
  options: RecoveryOptions = {},
): Promise<RunRecord[]> {
  const now = await databaseNow(dataSource);
  const running = await dataSource.getRepository(EvaluationRun).find({ where: { status: 'running' }, order: { createdAt: 'ASC', id: 'ASC' } });
  return running
    .filter((run) => runState(run, now, options.heartbeatTimeoutSeconds) === 'abandoned')
    .map((run) => ({ ...toRecord(run, now), status: 'abandoned' as const }));
}

function describeWriter(run: EvaluationRun): string {
  return run.writerPid !== null && run.writerHost !== null ? `process ${run.writerPid} on ${run.writerHost}` : 'an unrecorded process';
}

async function itemBounds(manager: EntityManager, dialect: SqlDialect, runId: string): Promise<{ first: Date | null; last: Date | null }> {
  const [row] = await manager.query(
    `SELECT MIN("started_at") AS "first", MAX("completed_at") AS "last" FROM "evaluation_items" WHERE ${itemsOfRun(dialect.param(1))}`,
    [runId],
  );
  return { first: toDate(row?.first), last: toDate(row?.last) };
}

/** What recovery stores of a run's times, and what its status reason adds about them. */
interface RecoveredTimes {
  startedAt: Date | null;
  completedAt: Date | null;
  durationSeconds: number;
  /** Appended to the status reason: how the time was judged when no item tells it ('' when items do). */
  note: string;
}

/**
 * The time of a run recovered from its stored items: from its first item's start to its last item's end. A run whose
 * items tell no end (it stored none) ran at least from its start until its last heartbeat, when it beat at least one
 * heartbeat interval after starting: the heartbeat a writer creates its run with, moments after the start, says only
 * that the run started (a run killed then would read as a run of a few milliseconds). Without such a heartbeat nothing
 * tells how long it ran, and it must not read as a run that took 0 s: its times are cleared (its start is kept in the
 * reason), which knownDurationSeconds and UNKNOWN_DURATION_SQL read as a duration not known.
 */
function recoveredTimes(run: EvaluationRun, first: Date | null, last: Date | null): RecoveredTimes {
  const startedAt = first ?? run.startedAt ?? run.createdAt;
  const seconds = (end: Date) => (end.getTime() - startedAt.getTime()) / 1000;
  if (last && last.getTime() >= startedAt.getTime()) return { startedAt, completedAt: last, durationSeconds: seconds(last), note: '' };
  const heartbeat = run.heartbeatAt;
  if (heartbeat && heartbeat.getTime() - startedAt.getTime() >= HEARTBEAT_INTERVAL_MS) {
    const note = `; it ran at least until its last heartbeat (${heartbeat.toISOString()})`;
    return { startedAt, completedAt: heartbeat, durationSeconds: seconds(heartbeat), note };
  }
  const note = `; how long it ran is not known: it started at ${startedAt.toISOString()} and sent no heartbeat after that`;
  return { startedAt: null, completedAt: null, durationSeconds: 0, note };
}

/**
 * Settles a run whose writer stopped without finishing it (killed, crashed, disk full): in one transaction it
 * computes totals and per-metric statistics from the stored items, takes the run's time from them (recoveredTimes),
 * and marks it `failed` with a status reason saying it was interrupted and recovered. Whether its writer may still be
 * alive is judged at the database's clock, which its heartbeats are stamped by (databaseNow).
 * @internal
 */
export async function recover(
  dataSource: DataSource,
  dialect: SqlDialect,
  runId: string,
  options: RecoveryOptions = {},
): Promise<RecoveryOutcome> {
  return inTransaction(dataSource, async (manager) => {
    const lock = dialect.kind === 'postgres' ? ' FOR UPDATE' : '';
    const locked = await manager.query(`SELECT "id" FROM "evaluation_runs" WHERE "id" = ${dialect.param(1)}${lock}`, [runId]);
    const run = locked.length ? await manager.findOne(EvaluationRun, { where: { id: runId } }) : null;
    if (!run) throw new RunNotFoundError(runId);
    if (run.status !== 'running') {
      throw new RunNotRecoverableError(`Run ${runId} is ${run.status}, not running: only running or abandoned runs can be recovered.`);
    }
    const now = await databaseNow(manager);
    if (!options.force && writerMayBeAlive(run, now, options.heartbeatTimeoutSeconds)) {
      const why = writerState(run, now, options.heartbeatTimeoutSeconds) === 'alive' ? 'is still writing it' : 'still exists';
      throw new RunWriterAliveError(
        `Run ${runId} may still be in progress: its writer (${describeWriter(run)}) ${why}. ` +
          'Wait for it to finish or stop that process; pass --force (force: true) to recover it anyway.',
      );
    }
    const { first, last } = await itemBounds(manager, dialect, runId);
    const { totals } = await computeAndStoreRunMetrics(manager, dialect, runId, run.metricsUsed);
    const times = recoveredTimes(run, first, last);
    const reason =
      `interrupted: its writer (${describeWriter(run)}) stopped without finishing it; recovered on ${now.toISOString()} ` +
      `from ${totals.totalItems} stored item(s)${times.note}.`;
    const stamp = (at: Date | null) => (at === null ? null : dialect.timestamp(at));
    await manager.query(
      `UPDATE "evaluation_runs" SET "status" = 'failed', "status_reason" = ${dialect.param(1)}, "started_at" = ${dialect.param(2)}, ` +
        `"completed_at" = ${dialect.param(3)}, "duration_seconds" = ${dialect.param(4)}, "updated_at" = ${dialect.param(5)} ` +
        `WHERE "id" = ${dialect.param(6)}`,
      [reason, stamp(times.startedAt), stamp(times.completedAt), times.durationSeconds, dialect.timestamp(now), runId],
    );
    await noteRunChange(manager, dialect, runId, 'updated');
    return { runId, items: totals.totalItems, status: 'failed' as const, reason };
  });
}

/**
 * Refreshes a running run's heartbeat; a run that has finished is left alone. Returns the run's stored status (null
 * when there is no such run), so a writer learns at its heartbeat that its run was cancelled or settled elsewhere. It
 * takes its turn with the other transactions (SQLite shares one connection per DataSource), never slipping into a
 * batch's transaction. Without `at`, the heartbeat is stamped by the database's clock on PostgreSQL (readers judge it
 * by that clock: database-clock.ts), by this process's clock on SQLite.
 * @internal
 */
export async function recordHeartbeat(dataSource: DataSource, dialect: SqlDialect, runId: string, at?: Date): Promise<string | null> {
  return inTransaction(dataSource, async (manager) => {
    const byDatabase = at === undefined && dialect.kind === 'postgres';
    const [stamp, values] = byDatabase ? [POSTGRES_NOW_SQL, []] : [dialect.param(1), [dialect.timestamp(at ?? new Date())]];
    await manager.query(
      `UPDATE "evaluation_runs" SET "heartbeat_at" = ${stamp} WHERE "id" = ${dialect.param(values.length + 1)} AND "status" = 'running'`,
      [...values, runId],
    );
    const [run] = await manager.query(`SELECT "status" FROM "evaluation_runs" WHERE "id" = ${dialect.param(1)}`, [runId]);
    return run ? String(run.status) : null;
  });
}
