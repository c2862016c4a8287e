import type { RunRecord } from '@llm-eval/storage';
import { storage } from './libraries';
import { shortId } from './output/format';

/** Who is still writing a run, in words (`process 4242 on build-1 is writing it`). */
export function writerOf(run: RunRecord): string {
  return run.writerPid !== null && run.writerHost !== null ? `process ${run.writerPid} on ${run.writerHost} is writing it` : 'its writer still sends heartbeats';
}

/**
 * Runs still being written: stored as running and their writer may be alive (as `runs recover` judges it: its process
 * exists on this host, or it sent a heartbeat within LLM_EVAL_HEARTBEAT_TIMEOUT). Deleting one makes its writer fail
 * at its next batch. `runs delete` and `runs prune` both judge by this, so neither removes a run the other would keep:
 * a writer silent for longer than the timeout (a slow item, a stalled disk) shows as abandoned, yet its process may
 * still be writing.
 */
export function liveRuns<T extends RunRecord>(runs: readonly T[]): T[] {
  const { writerMayBeAlive } = storage();
  return runs.filter((run) => writerMayBeAlive(run));
}

/** Live runs named for a message: `3f2a9c1e ("nightly": process 4242 on build-1 is writing it), …`. */
export function liveRunList(live: readonly RunRecord[]): string {
  return live.map((run) => `${shortId(run.id)} ("${run.name.slice(0, 60)}": ${writerOf(run)})`).join(', ');
}
