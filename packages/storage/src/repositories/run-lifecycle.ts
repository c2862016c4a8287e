import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { EvaluationRun, type RunStatus } from '@llm-eval/models';
import { RunClosedError, RunNotFoundError } from '../errors';
import { computeAndStoreRunMetrics, storeRunStats } from './compute-run-metrics';
import { noteRunChange } from './run-changes';
import { updateRunSchema, validate } from './run-input.schema';
import type { RunStatsAccumulator } from './run-stats-accumulator';
import type { SqlDialect } from './sql-dialect';
import { inTransaction } from './transaction';
import { durationFromTimes, endOfFinish, type StoredRunTimes } from './run-times';

/** The state a run ends in: its final status, when it ran, and why it ended so when that is not evident. */
export interface RunFinalState {
  status: 'completed' | 'failed' | 'cancelled';
  startedAt?: Date | null;
  completedAt?: Date | null;
  durationSeconds?: number;
  statusReason?: string | null;
}

const finalStateSchema = updateRunSchema
  .pick({ startedAt: true, completedAt: true, durationSeconds: true, statusReason: true })
  .extend({ status: z.enum(['completed', 'failed', 'cancelled']) });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface LockedRun extends StoredRunTimes {
  metricsUsed: string[];
}

/** The run's status and metrics, read under its lock (PostgreSQL; SQLite's transaction already holds the write lock). */
async function lockRun(manager: EntityManager, dialect: SqlDialect, runId: string): Promise<LockedRun> {
  if (!UUID.test(runId)) throw new RunNotFoundError(runId);
  const lock = dialect.kind === 'postgres' ? ' FOR UPDATE' : '';
  const locked = await manager.query(`SELECT "id" FROM "evaluation_runs" WHERE "id" = ${dialect.param(1)}${lock}`, [runId]);
  const run = locked.length
    ? await manager.findOne(EvaluationRun, { where: { id: runId }, select: { id: true, status: true, metricsUsed: true, startedAt: true, completedAt: true, durationSeconds: true } })
    : null;
  if (!run) throw new RunNotFoundError(runId);
  return run;
}

/** The fields that are given: an undefined one is left as stored. */
function withoutUndefined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The final state with the duration its times give when it gives none (durationFromTimes): an open run's stored
 * duration is no measurement, so a run finalised with both times but no duration took completed − started. A final
 * state that completes or fails the run without an end ends it now (endOfFinish).
 */
function withDuration<T extends RunFinalState>(run: StoredRunTimes, final: T): T {
  const completedAt = endOfFinish(run, final);
  const ended = completedAt === undefined ? final : { ...final, completedAt };
  const durationSeconds = durationFromTimes(run, ended);
  return durationSeconds === undefined ? ended : { ...ended, durationSeconds };
}

/** Writes the final state's fields (only those given) and moves updated_at. */
async function writeFinalState(manager: EntityManager, runId: string, final: RunFinalState): Promise<void> {
  await manager.update(EvaluationRun, { id: runId }, withoutUndefined({ ...final, updatedAt: new Date() }) as Partial<EvaluationRun> as never);
}

/**
 * Stores the statistics and totals an accumulator holds (replacing earlier ones) and, with `final`, the run's final
 * state, in one transaction, while the run is open: running, or cancelled (cancelRun) and not yet finalised. A
 * cancelled run keeps status cancelled (and its reason unless `final` gives one). A settled run (completedAt set, or
 * any other status) is left untouched: RunClosedError.
 * @internal
 */
export async function storeStatistics(
  dataSource: DataSource,
  dialect: SqlDialect,
  runId: string,
  accumulator: RunStatsAccumulator,
  final?: RunFinalState,
): Promise<RunStatus> {
  const state = final && validate(finalStateSchema, final, 'final run state');
  return inTransaction(dataSource, async (manager) => {
    const run = await lockRun(manager, dialect, runId);
    const open = run.status === 'running' || (run.status === 'cancelled' && run.completedAt === null);
    if (!open) throw new RunClosedError(runId, run.status);
    await storeRunStats(manager, dialect, runId, accumulator.result(runId, run.metricsUsed));
    // A run cancelled (cancelRun) while it was being written stays cancelled, as finalize keeps it.
    const cancelled = run.status === 'cancelled';
    if (state) await writeFinalState(manager, runId, withDuration(run, cancelled ? { ...state, status: 'cancelled' } : state));
    await noteRunChange(manager, dialect, runId, 'updated');
    return cancelled ? 'cancelled' : ((state?.status ?? run.status) as RunStatus);
  });
}

/**
 * Sets a running run to cancelled in one guarded UPDATE; true when it was running. `onCancelled` runs in the same
 * transaction when it was (the audit entry). @internal
 */
export async function cancel(
  dataSource: DataSource,
  dialect: SqlDialect,
  runId: string,
  reason?: string,
  onCancelled?: (manager: EntityManager) => Promise<void>,
): Promise<boolean> {
  const statusReason = reason === undefined ? null : validate(finalStateSchema.shape.statusReason, reason, 'cancel reason');
  return inTransaction(dataSource, async (manager) => {
    if (!UUID.test(runId)) throw new RunNotFoundError(runId);
    const result = await manager
      .createQueryBuilder()
      .update(EvaluationRun)
      .set({ status: 'cancelled', statusReason, updatedAt: new Date() })
      .where({ id: runId })
      .andWhere(`"status" = 'running'`)
      .execute();
    if (!result.affected) {
      if (!(await manager.exists(EvaluationRun, { where: { id: runId } }))) throw new RunNotFoundError(runId);
      return false;
    }
    await noteRunChange(manager, dialect, runId, 'updated');
    if (onCancelled) await onCancelled(manager);
    return true;
  });
}

/**
 * Finalises a run exactly once: computes its statistics from its stored items and writes `final`, in one transaction,
 * if the run is running or cancelled and not yet finalised (no completedAt; completedAt defaults to now). A cancelled
 * run stays cancelled (with its reason unless `final` gives one). Returns false, changing nothing, when the run was
 * already finalised.
 * @internal
 */
export async function finalize(dataSource: DataSource, dialect: SqlDialect, runId: string, final: RunFinalState): Promise<boolean> {
  const state = validate(finalStateSchema, final, 'final run state');
  return inTransaction(dataSource, async (manager) => {
    const run = await lockRun(manager, dialect, runId);
    const cancelled = run.status === 'cancelled';
    const open = run.status === 'running' || (cancelled && run.completedAt === null);
    if (!open) return false;
    // completedAt marks the run finalised, so it is always set; a cancel is not overridden by a later final status.
    const fixed = { completedAt: state.completedAt ?? new Date(), ...(cancelled ? { status: 'cancelled' as const } : {}) };
    // Guarded as well as locked: of two finalisers, the second finds the run finalised even on a database without
    // row locks, and stores nothing.
    const result = await manager
      .createQueryBuilder()
      .update(EvaluationRun)
      .set(withoutUndefined({ ...withDuration(run, { ...state, ...fixed }), updatedAt: new Date() }))
      .where({ id: runId })
      .andWhere(`("status" = 'running' OR ("status" = 'cancelled' AND "completed_at" IS NULL))`)
      .execute();
    if (!result.affected) return false;
    await computeAndStoreRunMetrics(manager, dialect, runId, run.metricsUsed);
    await noteRunChange(manager, dialect, runId, 'updated');
    return true;
  });
}
