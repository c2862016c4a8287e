import { ApiError } from '../errors';

/** Failures are counted in fixed one-minute windows, as the request limit counts requests (@fastify/rate-limit). */
const WINDOW_MS = 60_000;
/** Most client addresses remembered; past it the oldest windows are forgotten (memory stays bounded under a flood). */
const MAX_ADDRESSES = 10_000;

/** The 429 of a client address that used up its failed authentications of the minute. */
export class FailedAuthLimitError extends ApiError {
  constructor(
    readonly limitPerMinute: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      429,
      'rate_limited',
      `Too many failed authentications from this address: at most ${limitPerMinute} per minute. Retry after ${retryAfterSeconds} second(s) (the Retry-After header says when); until then every request from it is refused before its token is read.`,
      { limitPerMinute },
    );
  }
}

/**
 * Counts refused authentications per client address. The request limit counts a principal's requests, which a
 * request without a valid token does not have: a flood of wrong tokens was answered 401 after 401, each one a token
 * lookup, for ever. With this, an address that had `perMinute` refusals in its minute is answered 429 until the
 * minute ends, before any token is looked up; valid tokens from other addresses keep being served.
 */
export class FailedAuthLimit {
  private readonly windows = new Map<string, { failures: number; endsAt: number }>();

  constructor(readonly perMinute: number) {}

  /** The 429 for `address` when it has used up its failures of the current window, else null. */
  refusal(address: string, now = Date.now()): FailedAuthLimitError | null {
    const window = this.windows.get(address);
    if (window === undefined || window.endsAt <= now || window.failures < this.perMinute) return null;
    return new FailedAuthLimitError(this.perMinute, Math.max(1, Math.ceil((window.endsAt - now) / 1000)));
  }

  /** Counts a refused authentication of `address`. */
  fail(address: string, now = Date.now()): void {
    const window = this.windows.get(address);
    if (window !== undefined && window.endsAt > now) {
      window.failures++;
      return;
    }
    // Re-inserted, so the map stays in the order the windows started: the oldest are first to go.
    this.windows.delete(address);
    this.windows.set(address, { failures: 1, endsAt: now + WINDOW_MS });
    for (const [key, w] of this.windows) {
      if (this.windows.size <= MAX_ADDRESSES && w.endsAt > now) break;
      this.windows.delete(key);
    }
  }
}
