import type { ItemRateLimiter } from '@llm-eval/evaluator';
import type Redis from 'ioredis';
import { abortable, asError, runScript, sleep } from './redis-script';

/**
 * GCRA ("virtual scheduling") on one Redis hash: `tat` is the theoretical arrival time of the next start, in
 * microseconds of Redis TIME (so every machine shares one clock, whatever its own says). A caller reserves the slot
 * `max(now, tat)`, moves `tat` one interval on, and is told how long to wait for its slot. `pause` is when the latest
 * Retry-After ends: a caller that slept into a pause stored after its reservation reserves again (see `acquire`), and
 * is told how long the pause lasts yet (the third value, µs).
 * The key expires a second after the last reservation or pause ends, so nothing is left behind.
 * Numbers are written with %.3f: Lua's tostring would round microseconds since 1970 to 14 digits.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat') or '0')
if tat < now then tat = now end
local nextTat = tat + interval
local pause = tonumber(redis.call('HGET', KEYS[1], 'pause') or '0')
redis.call('HSET', KEYS[1], 'tat', string.format('%.3f', nextTat))
redis.call('PEXPIRE', KEYS[1], math.ceil((math.max(nextTat, pause) - now) / 1000) + 1000)
local seen = redis.call('HGET', KEYS[1], 'pause') or ''
return { math.ceil(tat - now), seen, math.max(0, math.ceil(tonumber(seen ~= '' and seen or '0') - now)) }
`;

/** Moves `tat` to at least now + ARGV[1] µs and records the pause's end; returns nothing. */
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local pause = now + tonumber(ARGV[1])
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat') or '0')
if tat < pause then redis.call('HSET', KEYS[1], 'tat', string.format('%.3f', pause)) end
local previous = tonumber(redis.call('HGET', KEYS[1], 'pause') or '0')
if previous < pause then redis.call('HSET', KEYS[1], 'pause', string.format('%.3f', pause)) end
redis.call('PEXPIRE', KEYS[1], math.ceil((math.max(tat, pause) - now) / 1000) + 1000)
return 0
`;

/** Microseconds left of a pause that began since the caller's reservation saw pause ARGV[1] (0 when none). */
const PAUSED_SINCE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local seen = redis.call('HGET', KEYS[1], 'pause') or ''
if seen == '' or seen == ARGV[1] then return 0 end
local pause = tonumber(seen)
if pause > now then return math.ceil(pause - now) end
return 0
`;

/** Options of a {@link RedisRateLimiter}. */
export interface RedisRateLimiterOptions {
  /**
   * Told when Redis failed `attempts` times in a row inside `acquire` (the item then starts without waiting for the
   * limit) or when a `pause` could not be stored. Default: ignore.
   */
  onError?: (error: Error) => void;
  /** Redis calls per `acquire` before it gives up on the limit for that start (default 3). */
  attempts?: number;
  /** Wait before the second attempt, doubled after each failure (default 100 ms). */
  retryDelayMs?: number;
}

/**
 * At most `perSecond` task starts per second, evenly spaced, shared by every limiter on the same Redis key — every
 * worker process on every machine of a run. `pause(ms)` (a 429's Retry-After) holds all of them for at least `ms`.
 *
 * When Redis fails inside `acquire` (after `attempts` tries), the start goes ahead unlimited and `onError` is told:
 * an item must never be lost or stuck because the limiter's store is down, and BullMQ cannot hand out new items
 * while Redis is unreachable anyway, so only the items already running are affected.
 */
export class RedisRateLimiter implements ItemRateLimiter {
  /** Microseconds between two starts. */
  private readonly intervalMicros: number;
  private readonly onError: (error: Error) => void;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  /** When the latest pause this process knows of ends, in performance.now() time. */
  private pausedUntil = 0;
  /** When the latest start this process reserved is due, in performance.now() time: the run's backlog as last seen. */
  private reservedUntil = 0;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    perSecond: number,
    options: RedisRateLimiterOptions = {},
  ) {
    if (!(perSecond > 0) || !Number.isFinite(perSecond)) {
      throw new RangeError(`The rate limit must be a positive number of starts per second, got ${perSecond}; pass e.g. --rps 10.`);
    }
    this.intervalMicros = 1_000_000 / perSecond;
    this.onError = options.onError ?? (() => {});
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.retryDelayMs = options.retryDelayMs ?? 100;
  }

  /**
   * Reserves the next slot and waits for it; rejects with the signal's reason as soon as it aborts. A caller that
   * waited and finds a pause began meanwhile (another worker got a 429 after this slot was handed out) reserves again,
   * so a Retry-After also holds the starts already queued, not only later ones.
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const reserved = (await this.call(RESERVE, [this.intervalMicros.toFixed(3)], signal)) as [number, string, number] | undefined;
      if (reserved === undefined) return;
      this.pausedFor(Number(reserved[2]) / 1000);
      this.reservedUntil = Math.max(this.reservedUntil, performance.now() + Number(reserved[0]) / 1000);
      if (reserved[0] <= 0) return;
      await sleep(Math.ceil(reserved[0] / 1000), signal);
      // Only a pause stored after this reservation re-queues it: a slot handed out during a pause already lies past it.
      const pausedFor = await this.call(PAUSED_SINCE, [reserved[1]], signal);
      if (pausedFor === undefined || Number(pausedFor) <= 0) return;
      this.pausedFor(Number(pausedFor) / 1000);
    }
  }

  /**
   * How long the shared Retry-After pause lasts yet, as this process last saw it (at a reservation, or its own
   * `pause`; 0 when none): what a worker uses to hand a paused run's further items back to the queue until the pause is
   * over, instead of holding them.
   */
  pausedForMs(): number {
    return Math.max(0, this.pausedUntil - performance.now());
  }

  /**
   * How long a start reserved now would wait, as this process last saw the run's backlog (the starts every worker has
   * reserved ahead of it, at the run's rate, and any pause): what a worker uses to hand a run's further items back to
   * the queue until their turn could come, instead of taking them again and again ahead of other runs' items.
   */
  backlogMs(): number {
    return Math.max(this.pausedForMs(), this.reservedUntil - performance.now() + this.intervalMicros / 1000);
  }

  private pausedFor(ms: number): void {
    if (ms > 0) this.pausedUntil = Math.max(this.pausedUntil, performance.now() + ms);
  }

  /** Holds every limiter on this key for at least `ms` (a Retry-After). Fire-and-forget: errors go to `onError`. */
  pause(ms: number): void {
    if (!(ms > 0) || !Number.isFinite(ms)) return;
    this.pausedFor(ms);
    this.run(PAUSE, [String(Math.ceil(ms * 1000))]).catch((error: unknown) => this.onError(asError(error)));
  }

  /** Runs a script, retrying Redis failures; undefined once the attempts are spent (reported to `onError`). */
  private async call(script: string, args: string[], signal?: AbortSignal): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      try {
        return await abortable(this.run(script, args), signal);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (attempt >= this.attempts) {
          this.onError(new Error(`The shared rate limit on Redis key "${this.key}" could not be read (${asError(error).message}); this item starts without waiting for it.`, { cause: error }));
          return undefined;
        }
        await sleep(this.retryDelayMs * 2 ** (attempt - 1), signal);
      }
    }
  }

  private run(script: string, args: string[]): Promise<unknown> {
    return runScript(this.redis, script, this.key, args);
  }
}
