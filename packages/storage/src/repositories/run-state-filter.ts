import type { DataSource, SelectQueryBuilder } from 'typeorm';
import type { EvaluationRun } from '@llm-eval/models';
import { databaseNow } from './database-clock';
import { currentHost, processExists, staleBefore, type RunState } from './run-liveness';

/**
 * What a status filter needs to tell `running` from `abandoned` in SQL: the heartbeat cut-off, and the running runs of
 * this host whose writer process no longer exists (the one fact SQL cannot check).
 */
export interface LivenessSnapshot {
  /** The moment judged at, by the database's clock (databaseNow): the records of the same query are judged at it too. */
  now: Date;
  staleBefore: Date;
  exitedRunIds: string[];
}

/**
 * Takes a liveness snapshot. It reads only running runs written from this host (few, by the status index) and asks
 * the operating system about their writers. Without `now`, it judges at the database's clock (databaseNow), which
 * heartbeats are stamped by: a reader's own clock may be minutes off the writer's.
 */
export async function takeLivenessSnapshot(dataSource: DataSource, now?: Date, timeoutSeconds?: number): Promise<LivenessSnapshot> {
  now ??= await databaseNow(dataSource);
  const param = dataSource.options.type === 'postgres' ? '$1' : '?';
  const rows: Array<{ id: string; writer_pid: number | string }> = await dataSource.query(
    `SELECT "id", "writer_pid" FROM "evaluation_runs" WHERE "status" = 'running' AND "writer_host" = ${param} AND "writer_pid" IS NOT NULL`,
    [currentHost()],
  );
  return {
    now,
    staleBefore: staleBefore(now, timeoutSeconds),
    exitedRunIds: rows.filter((row) => !processExists(Number(row.writer_pid))).map((row) => row.id),
  };
}

/** A snapshot that judges by heartbeat only (for callers that cannot take one first). @internal */
export function heartbeatOnlySnapshot(now = new Date()): LivenessSnapshot {
  return { now, staleBefore: staleBefore(now), exitedRunIds: [] };
}

/**
 * Adds "status is one of `statuses`" to a run query, where `running` means running with a live writer and `abandoned`
 * means stored as running with an exited or silent writer, as the records built from the rows will show.
 * @internal
 */
export function applyRunStateFilter(
  qb: SelectQueryBuilder<EvaluationRun>,
  statuses: readonly RunState[],
  snapshot: LivenessSnapshot,
): void {
  const wanted = new Set(statuses);
  const stored = [...wanted].filter((s) => s !== 'running' && s !== 'abandoned');
  const exited = snapshot.exitedRunIds.length ? ` OR r.id IN (:...stateExitedIds)` : '';
  const abandoned = `(COALESCE(r.heartbeatAt, r.updatedAt) < :stateStaleBefore${exited})`;
  const parts: string[] = [];
  if (stored.length) parts.push('r.status IN (:...stateStored)');
  if (wanted.has('running') && wanted.has('abandoned')) parts.push(`r.status = 'running'`);
  else if (wanted.has('running')) parts.push(`(r.status = 'running' AND NOT ${abandoned})`);
  else if (wanted.has('abandoned')) parts.push(`(r.status = 'running' AND ${abandoned})`);
  qb.andWhere(`(${parts.join(' OR ')})`, {
    stateStored: stored,
    stateStaleBefore: snapshot.staleBefore,
    stateExitedIds: snapshot.exitedRunIds,
  });
}
