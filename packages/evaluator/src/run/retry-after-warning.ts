import { describeWait } from './retry-decision';

/**
 * The model API asked an item to wait longer before a retry (a Retry-After) than config.maxRetryAfterMs allows: the
 * item failed instead of holding the run. Told once per run, at the first such item; each one's error says so.
 */
export interface RetryAfterTooLongWarning {
  code: 'retry-after-too-long';
  /** One line that says what was asked, what the limit is, and what to do. */
  message: string;
  /** The first item that was asked to wait too long. */
  itemId: string;
  /** The wait the API asked for, in ms. */
  requestedMs: number;
  /** config.maxRetryAfterMs. */
  limitMs: number;
}

/**
 * Tells `report` about the first item asked to wait past the limit, and only the first: a run against an API that
 * answers every request with `Retry-After: 86400` must not print a line per item. @internal
 */
export class RetryAfterWarnings {
  private told = false;

  constructor(private readonly report?: (warning: RetryAfterTooLongWarning) => void) {}

  note(itemId: string, requestedMs: number, limitMs: number): void {
    if (this.told || !this.report) return;
    this.told = true;
    this.report({
      code: 'retry-after-too-long',
      message:
        `the model API asked item "${itemId}" to wait ${describeWait(requestedMs)} before a retry (Retry-After), more than ` +
        `config.maxRetryAfterMs (${describeWait(limitMs)}): such items fail instead of holding the run (each error says so); ` +
        'run them again later, or raise config.maxRetryAfterMs',
      itemId,
      requestedMs,
      limitMs,
    });
  }
}
