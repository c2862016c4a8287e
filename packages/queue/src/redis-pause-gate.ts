import type { ItemRateLimiter } from '@llm-eval/evaluator';
import type Redis from 'ioredis';
import { asError, runScript, sleep, withinMs } from './redis-script';

/**
 * Records a pause ending ARGV[1] µs from now (Redis TIME, so every machine shares one clock) unless a later one is
 * stored; the key expires with it.
 */
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local pause = now + tonumber(ARGV[1])
local previous = tonumber(redis.call('GET', KEYS[1]) or '0')
if previous < pause then
  redis.call('SET', KEYS[1], string.format('%.3f', pause), 'PX', math.ceil((pause - now) / 1000) + 1000)
end
return 0
`;

/** Microseconds left of the stored pause (0 when none). */
const LEFT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local pause = tonumber(redis.call('GET', KEYS[1]) or '0')
if pause > now then return math.ceil(pause - now) end
return 0
`;

/** Longest an item waits for a read of the shared pause. */
const READ_PATIENCE_MS = 1_000;
/** Redis failures are reported at most this often. */
const REPORT_EVERY_MS = 10_000;

/** Options of a {@link RedisPauseGate}. */
export interface RedisPauseGateOptions {
  /** Told when Redis could not be read or written (the item then goes on as if there were no pause). */
  onError?: (error: Error) => void;
  /** How stale this process's view of the shared pause may be when an item starts (default 100 ms). */
  refreshMs?: number;
}

/**
 * No rate limit, only the model API's Retry-After, shared by every worker of a run: after `pause(ms)` in any worker,
 * no item of the run starts anywhere until the pause is over. What a worker uses for a run without requestsPerSecond
 * (with it, RedisRateLimiter's pause does the same).
 *
 * Each process reads the shared pause at most once per `refreshMs` (an item that starts with an older view waits for
 * that one read), so a pause reaches every worker within about `refreshMs` and an idle gate costs one Redis call per
 * `refreshMs`, not one per item. A Redis failure never holds an item: it goes on, and `onError` is told.
 */
export class RedisPauseGate implements ItemRateLimiter {
  /** When the pause this process knows of ends, in performance.now() time. */
  private pausedUntil = 0;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking: Promise<void> | undefined;
  private reportedAt = Number.NEGATIVE_INFINITY;
  private readonly onError: (error: Error) => void;
  private readonly refreshMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    options: RedisPauseGateOptions = {},
  ) {
    this.onError = options.onError ?? (() => {});
    this.refreshMs = options.refreshMs ?? 100;
  }

  acquire(signal?: AbortSignal): Promise<void> | void {
    const now = performance.now();
    if (this.pausedUntil > now || now - this.checkedAt >= this.refreshMs) return this.wait(signal);
  }

  /**
   * How long the shared pause lasts yet, as this process last read it (0 when none): what a worker uses to hand a
   * paused run's further items back to the queue until the pause is over, instead of holding them.
   */
  pausedForMs(): number {
    return Math.max(0, this.pausedUntil - performance.now());
  }

  /** Holds every worker of the run for at least `ms`. Fire-and-forget: errors go to `onError`. */
  pause(ms: number): void {
    if (!(ms > 0) || !Number.isFinite(ms)) return;
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + ms);
    runScript(this.redis, PAUSE, this.key, [String(Math.ceil(ms * 1000))]).catch((error: unknown) =>
      this.report(new Error(`A Retry-After pause could not be shared on Redis key "${this.key}" (${asError(error).message}); only this worker waits.`, { cause: error })),
    );
  }

  /** Until the pause (as Redis says, re-read every refreshMs while waiting) is over. */
  private async wait(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (performance.now() - this.checkedAt >= this.refreshMs) await this.refresh();
      signal?.throwIfAborted();
      const left = this.pausedUntil - performance.now();
      if (left <= 0) return;
      await sleep(Math.min(left, this.refreshMs), signal);
    }
  }

  /**
   * Reads the shared pause once, for every caller that needs it now. A read that takes longer than a second (Redis
   * restarting: the client holds commands until it is back) does not hold the item any longer; it still counts when
   * it arrives.
   */
  private refresh(): Promise<void> {
    if (this.checking) return this.checking;
    const read = runScript(this.redis, LEFT, this.key, [])
      .then((left) => {
        const ms = Number(left) / 1000;
        if (ms > 0) this.pausedUntil = Math.max(this.pausedUntil, performance.now() + ms);
      })
      .catch((error: unknown) => this.report(new Error(`The shared Retry-After pause on Redis key "${this.key}" could not be read (${asError(error).message}); items start without it.`, { cause: error })));
    this.checking = withinMs(read, READ_PATIENCE_MS)
      .catch(() => undefined)
      .finally(() => {
        this.checkedAt = performance.now();
        this.checking = undefined;
      });
    return this.checking;
  }

  /** Tells onError, at most once per REPORT_EVERY_MS (a Redis outage would otherwise report every refreshMs). */
  private report(error: Error): void {
    const now = performance.now();
    if (now - this.reportedAt < REPORT_EVERY_MS) return;
    this.reportedAt = now;
    this.onError(error);
  }
}
