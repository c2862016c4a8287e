import { QueueUnreachableError } from './errors';
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
 * Runs a Redis step until it succeeds. ioredis (maxRetriesPerRequest: null) makes single commands wait through a
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
      const waited = Date.now() - started;
      if (waited >= options.patienceMs) {
        throw new QueueUnreachableError(`${options.what} failed for ${Math.round(waited / 1000)} s, the last time with: ${asError(error).message}. Check that the queue's Redis is running and reachable.`, { cause: error });
      }
      await sleep(Math.min(100 * 2 ** attempt, MAX_BACKOFF_MS));
    }
  }
}
