import { QueueStepError, QueueUnreachableError } from './errors';
import { isRedisConnectionError } from './redis-connection';
import { asError, sleep, withinMs } from './redis-script';

/** What retryRedis needs besides the step. @internal */
export interface RedisRetryOptions {
  /** What the step does, for the error after patience runs out ("enqueuing items of run …"). */
  what: string;
  /** Gives up at once (rethrowing the step's error) when this turns true: the caller was cancelled or closed. */
  stopped: () => boolean;
  /** How long the step keeps failing before retryRedis gives up with QueueUnreachableError. */
  patienceMs: number;
}

/** The longest wait between two tries. */
const MAX_BACKOFF_MS = 2_000;

/**
 * Replies of a Redis that is there but cannot serve yet: loading its data, busy with a script, a replica after a
 * failover, a cluster that is not ready. Worth waiting for, as an outage is.
 */
const NOT_READY_REPLY = /^(LOADING|BUSY|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN)\b/;

/**
 * True for an error that says Redis cannot be reached or cannot serve for now (a connection refused, reset, closed or
 * timed out, a command aborted by a closed connection, no answer within the patience, a Redis still loading): the
 * step is worth trying again. Anything else (a value that cannot be serialised, a WRONGTYPE reply) fails the same way
 * every time. @internal
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (isRedisConnectionError(error)) return true;
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  return /^(Command aborted due to connection close|Connection is closed|Stream isn't writeable|Redis did not answer within)/.test(message) || NOT_READY_REPLY.test(message);
}

/**
 * Runs a Redis step until it succeeds, trying again only while Redis is unavailable (isRedisUnavailable); any other
 * error is a QueueStepError at once, naming the step and what it threw. ioredis (maxRetriesPerRequest: null) makes single commands wait through a
 * restart, but a command in flight when the connection closes — a MULTI, BullMQ's addBulk — fails with "Command
 * aborted due to connection close"; such a step must be idempotent, and is tried again (100 ms, doubling to 2 s).
 * @internal
 */
export async function retryRedis<T>(step: () => Promise<T>, options: RedisRetryOptions): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      // While Redis is down ioredis holds commands until it reconnects: a step that does not answer within what is
      // left of the patience counts as failed too (it may still run later, which is why steps are idempotent).
      return await withinMs(step(), options.patienceMs - (Date.now() - started));
    } catch (error) {
      if (options.stopped()) throw error;
      if (!isRedisUnavailable(error)) {
        throw new QueueStepError(`${options.what} failed: ${asError(error).message}`, { cause: error });
      }
      const waited = Date.now() - started;
      if (waited >= options.patienceMs) {
        throw new QueueUnreachableError(`${options.what} failed for ${Math.round(waited / 1000)} s, the last time with: ${asError(error).message}. Check that the queue's Redis is running and reachable.`, { cause: error });
      }
      await sleep(Math.min(100 * 2 ** attempt, MAX_BACKOFF_MS));
    }
  }
}
