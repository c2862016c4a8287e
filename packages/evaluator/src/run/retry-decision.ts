import { RetryableError } from '../errors';
import { describeThrown } from './safe-value';

/**
 * The default retry rule: errors the task marked retryable (RetryableError, or `retryable: true`). Read by property, not
 * by class alone: a task module loaded as ESM throws `dist/index.js`'s RetryableError, which is not an instance of the
 * class in `dist/index.cjs` that the CLI's Evaluator comes from (and its `retryable` is true in both). A thrown value
 * that cannot be read (a Proxy whose traps throw, a `retryable` getter that throws) is not retryable: it fails its item.
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
 * The wait a retryable error asks for (`retryAfterMs`, e.g. from a Retry-After header), read by name whichever copy of
 * the package made the error: 0 for a nonsense value or one that cannot be read (a getter that throws), Infinity for an
 * endless one. Not capped:
 * see {@link waitRefusal} for a wait longer than config.maxRetryAfterMs. @internal
 */
export function requestedWait(error: unknown): number {
  let asked: number;
  try {
    asked = Number((error as { retryAfterMs?: unknown } | null)?.retryAfterMs ?? 0);
  } catch {
    return 0;
  }
  // An endless wait (Infinity, a Retry-After of hundreds of digits) is longer than any limit: waitRefusal refuses it.
  if (asked === Number.POSITIVE_INFINITY) return asked;
  return Number.isFinite(asked) && asked > 0 ? asked : 0;
}

/** A duration as people read it: `850 ms`, `90 s`, `5 min`, `24 h`, `3.5 days`. @internal */
export function describeWait(ms: number): string {
  if (ms === Number.POSITIVE_INFINITY) return 'forever';
  if (ms < 1000) return `${Math.ceil(ms)} ms`;
  const round = (value: number) => String(Math.round(value * 10) / 10);
  if (ms < 120_000) return `${round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${round(ms / 60_000)} min`;
  if (ms < 172_800_000) return `${round(ms / 3_600_000)} h`;
  return `${round(ms / 86_400_000)} days`;
}

/**
 * Why an item is not retried when the API asked for a wait longer than config.maxRetryAfterMs (added to its error), or
 * undefined when the wait is within it. Waiting that long would hold the whole run, silently, whatever its timeout or
 * retries. @internal
 */
export function waitRefusal(askedMs: number, maxMs: number): string | undefined {
  if (!(askedMs > maxMs)) return undefined;
  return (
    `not retried: the API asked to wait ${describeWait(askedMs)} before trying again (Retry-After), more than the ` +
    `${describeWait(maxMs)} config.maxRetryAfterMs allows; run the item again later, or raise config.maxRetryAfterMs`
  );
}
