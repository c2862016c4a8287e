import { RetryableError } from '../errors';
import { MAX_TIMER_MS } from './backoff';
import { describeThrown } from './safe-value';

/**
 * The default retry rule: errors the task marked retryable (RetryableError, or `retryable: true`). A thrown value that
 * cannot be read (a Proxy whose traps throw, a `retryable` getter that throws) is not retryable: it fails its item.
 * @internal
 */
export function defaultIsRetryable(error: unknown): boolean {
  try {
    return error instanceof RetryableError || (error as { retryable?: unknown } | null)?.retryable === true;
  } catch {
    return false;
  }
}

/** Whether to retry a thrown value, and, when the retry rule itself threw, what it threw. @internal */
export interface RetryDecision {
  retryable: boolean;
  /** What a retry rule (config.retryOn) threw: the item is then not retried, and its error says why. */
  ruleError?: string;
}

/** Asks the retry rule about a thrown value; never throws (a rule that throws means no retry). @internal */
export function decideRetry(isRetryable: (error: unknown) => boolean, error: unknown): RetryDecision {
  try {
    return { retryable: isRetryable(error) === true };
  } catch (ruleError) {
    return { retryable: false, ruleError: describeThrown(ruleError) };
  }
}

/**
 * The wait a retryable error asks for (RetryableError's `retryAfterMs`, e.g. from a Retry-After header), in ms a timer
 * can wait: 0 for a nonsense value or one that cannot be read (a getter that throws). @internal
 */
export function requestedWait(error: unknown): number {
  let asked: number;
  try {
    asked = Number((error as RetryableError | null)?.retryAfterMs ?? 0);
  } catch {
    return 0;
  }
  // A timer cannot wait longer than 2^31 - 1 ms (it would fire at once).
  return Number.isFinite(asked) && asked > 0 ? Math.min(asked, MAX_TIMER_MS) : 0;
}
