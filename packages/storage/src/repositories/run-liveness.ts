import { hostname } from 'node:os';
import { RUN_STATUSES, type RunStatus } from '@llm-eval/models';
import { ValidationError } from '../errors';

/** A run's status as readers see it: a stored status, or `abandoned` for a running run whose writer is gone. */
export type RunState = RunStatus | 'abandoned';
/** Every status a reader can see or filter by. */
export const RUN_STATES = [...RUN_STATUSES, 'abandoned'] as const satisfies readonly RunState[];

/** Environment variable: seconds without a heartbeat after which a running run counts as abandoned. */
export const HEARTBEAT_TIMEOUT_ENV = 'LLM_EVAL_HEARTBEAT_TIMEOUT';
/** Default heartbeat timeout in seconds (writers beat every 5 s, so this tolerates long stalls). */
export const DEFAULT_HEARTBEAT_TIMEOUT_SECONDS = 120;
/** How often a writer refreshes its heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/** The fields liveness is judged from. */
export interface RunWriterFields {
  status: RunStatus | RunState;
  writerHost: string | null;
  writerPid: number | null;
  heartbeatAt: Date | null;
  updatedAt: Date;
}

/**
 * What is known about a running run's writer: `alive` (same host and the process exists, or another host with a fresh
 * heartbeat), `exited` (same host, no such process), `silent` (no heartbeat within the timeout), or `finished` for a
 * run that is not running.
 */
export type WriterState = 'alive' | 'exited' | 'silent' | 'finished';

/** This machine's name as writers record it. @internal */
export function currentHost(): string {
  return hostname();
}

/** True unless the operating system says no process has this id (EPERM means it exists but is not ours). @internal */
export function processExists(pid: number): boolean {
  // 0 and negative ids would address process groups; such a record proves nothing.
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Parses a timeout given in seconds ("120") or with a unit ("90s", "2m", "1h"). */
function parseTimeout(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/i.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's').toLowerCase() as 's' | 'm' | 'h'];
  return value > 0 ? value : undefined;
}

/** The heartbeat timeout in seconds: the explicit value, else `LLM_EVAL_HEARTBEAT_TIMEOUT`, else 120. */
export function heartbeatTimeoutSeconds(explicit?: number): number {
  if (explicit !== undefined) {
    if (!Number.isFinite(explicit) || explicit <= 0) {
      throw new ValidationError(`heartbeatTimeoutSeconds must be a positive number of seconds, not ${explicit}.`, 'heartbeatTimeoutSeconds');
    }
    return explicit;
  }
  const raw = process.env[HEARTBEAT_TIMEOUT_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_HEARTBEAT_TIMEOUT_SECONDS;
  const seconds = parseTimeout(raw);
  if (seconds === undefined) {
    throw new ValidationError(
      `${HEARTBEAT_TIMEOUT_ENV} must be a positive number of seconds (e.g. 120) or a duration such as 90s, 2m or 1h; got "${raw.slice(0, 40)}".`,
      HEARTBEAT_TIMEOUT_ENV,
    );
  }
  return seconds;
}

/** The moment before which a missing heartbeat makes a running run abandoned. @internal */
export function staleBefore(now: Date, timeoutSeconds?: number): Date {
  return new Date(now.getTime() - heartbeatTimeoutSeconds(timeoutSeconds) * 1000);
}

/**
 * Judges a run's writer. Runs written before writers were recorded (no heartbeat) are judged by when the row last
 * changed. `now` should be the database's clock (databaseNow), which PostgreSQL heartbeats are stamped by: a reader's
 * own clock may be minutes off the writer's.
 */
export function writerState(run: RunWriterFields, now = new Date(), timeoutSeconds?: number): WriterState {
  if (run.status !== 'running' && run.status !== 'abandoned') return 'finished';
  const sameHost = run.writerHost !== null && run.writerHost === currentHost();
  if (sameHost && run.writerPid !== null && !processExists(run.writerPid)) return 'exited';
  const last = run.heartbeatAt ?? run.updatedAt;
  if (last.getTime() < staleBefore(now, timeoutSeconds).getTime()) return 'silent';
  return 'alive';
}

/** The status a reader sees: `abandoned` for a running run whose writer exited or went silent. */
export function runState(run: RunWriterFields, now = new Date(), timeoutSeconds?: number): RunState {
  const state = writerState(run, now, timeoutSeconds);
  return state === 'exited' || state === 'silent' ? 'abandoned' : (run.status as RunState);
}

/** True when recovering would race a writer that may still be writing: its process exists here, or it beats elsewhere. */
export function writerMayBeAlive(run: RunWriterFields, now = new Date(), timeoutSeconds?: number): boolean {
  if (run.status !== 'running' && run.status !== 'abandoned') return false;
  if (run.writerHost !== null && run.writerHost === currentHost() && run.writerPid !== null) return processExists(run.writerPid);
  return writerState(run, now, timeoutSeconds) === 'alive';
}

/**
 * Why an abandoned run has nothing to cancel and how to settle it, the same words wherever it is refused (the CLI's
 * `runs cancel`, the API's cancel): its writer is gone, so `recover(false)` settles it from its stored items; or its
 * writer's process still exists on this host though silent (a task stuck in a loop, a reused process id), so
 * `recover(true)`. `recover` spells the recover command for the caller's users.
 */
export function abandonedRunAdvice(run: RunWriterFields, recover: (force: boolean) => string): string {
  return writerMayBeAlive(run)
    ? `it has sent no heartbeat for longer than ${HEARTBEAT_TIMEOUT_ENV}, yet process ${run.writerPid} on ${run.writerHost} still exists: ` +
        `a task stuck in a loop, or another process given the same id; stop that process, or settle the run with ${recover(true)}`
    : `its writer is gone: settle it with ${recover(false)}`;
}
