import type { Database, RunRecord } from '@llm-eval/storage';
import { storage } from './libraries';
import { shortId } from './output/format';

/** Whether the run records which process writes it (evaluate does; the storage API's createRun does not). */
export function writerRecorded(run: RunRecord): boolean {
  return run.writerPid !== null && run.writerHost !== null;
}

/** Whether nothing but the run's last update says it may be running: no writer recorded, no heartbeat ever sent. */
export function onlyUpdateKnown(run: RunRecord): boolean {
  return !writerRecorded(run) && run.heartbeatAt === null;
}

const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * What is known of a run that records no writer (made through the storage API by a script, which may have died):
 * there is no process to look for, so it counts as running until the heartbeat timeout has passed since its last
 * heartbeat, or, with none, its last update (storage's writerState judges it so). Says until when.
 */
export function unrecordedWriter(run: RunRecord): string {
  const { heartbeatTimeoutSeconds, HEARTBEAT_TIMEOUT_ENV } = storage();
  const timeout = heartbeatTimeoutSeconds();
  const last = run.heartbeatAt ?? run.updatedAt;
  const since = run.heartbeatAt ? 'heartbeat' : 'update';
  return (
    `it records no writer, so it counts as running until ${HEARTBEAT_TIMEOUT_ENV} (${timeout} s) has passed since its last ${since} ` +
    `at ${isoSeconds(last)}, that is until ${isoSeconds(new Date(last.getTime() + timeout * 1000))}`
  );
}

/**
 * Who is still writing a run, in words (`process 4242 on build-1 is writing it`), or, when no writer is recorded,
 * until when it counts as running.
 */
export function writerOf(run: RunRecord): string {
  return writerRecorded(run) ? `process ${run.writerPid} on ${run.writerHost} is writing it` : unrecordedWriter(run);
}

/**
 * Runs still being written: stored as running and their writer may be alive (as `runs recover` judges it: its process
 * exists on this host, or it sent a heartbeat within LLM_EVAL_HEARTBEAT_TIMEOUT). Deleting one makes its writer fail
 * at its next batch. `runs delete` and `runs prune` both judge by this, so neither removes a run the other would keep:
 * a writer silent for longer than the timeout (a slow item, a stalled disk) shows as abandoned, yet its process may
 * still be writing.
 */
export async function liveRuns<T extends RunRecord>(db: Database, runs: readonly T[]): Promise<T[]> {
  if (runs.length === 0) return [];
  const { writerMayBeAlive, databaseNow } = storage();
  // Heartbeats are judged by the database's clock, as storage stamps them: on PostgreSQL this machine's may be minutes
  // off the writer's, and a writer running behind would look silent and lose its live run.
  const now = await databaseNow(db.dataSource);
  return runs.filter((run) => writerMayBeAlive(run, now));
}

/** Live runs named for a message: `3f2a9c1e ("nightly": process 4242 on build-1 is writing it), …`. */
export function liveRunList(live: readonly RunRecord[]): string {
  return live.map((run) => `${shortId(run.id)} ("${run.name.slice(0, 60)}": ${writerOf(run)})`).join(', ');
}
