import type { ItemResult } from '@llm-eval/evaluator';
import { MetricErrorTally } from './metric-error-tally';

/** One distinct error of a run's failed items, with how many items failed with it. */
export interface FailureCount {
  type: string;
  message: string;
  count: number;
}

/** Distinct errors remembered, at most: a task whose every message differs must not grow the tally per item. */
const MAX_DISTINCT = 1_000;
/** Longest message kept (on one line); the full one is stored with the item. */
const MAX_MESSAGE = 500;

/** The message on one line, cut to `max` characters. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Counts a run's failed items by their error (type and message) as they finish, so `evaluate` and `demo` can say why
 * items failed without keeping the items: the summary would otherwise show only "success 0.0%". `evaluate --queue`
 * fills one from the stored failed items once the run is done (stored-failures.ts).
 */
export class FailureTally {
  /** Items that failed. */
  failed = 0;
  /** Failed items whose error was not remembered (past MAX_DISTINCT distinct errors). */
  private untracked = 0;
  private readonly counts = new Map<string, FailureCount>();
  /** The items' metric errors by metric and message (an item whose task succeeded may have some). */
  readonly metricErrors = new MetricErrorTally();

  /** Notes one finished item: its failure, and the errors of its metrics. */
  add(item: ItemResult): void {
    this.metricErrors.add(item.metricErrors);
    if (!item.success) this.addFailure(item.errorType, item.error);
  }

  /** Notes one failed item by its error's type and message (a stored item's errorType and errorMessage). */
  addFailure(errorType: string | null | undefined, error: string | null | undefined): void {
    this.failed++;
    const type = errorType || 'Error';
    const message = oneLine(error ?? '', MAX_MESSAGE) || '(no message)';
    const key = `${type}\u0000${message}`;
    const known = this.counts.get(key);
    if (known) known.count++;
    else if (this.counts.size < MAX_DISTINCT) this.counts.set(key, { type, message, count: 1 });
    else this.untracked++;
  }

  /** The `limit` most frequent errors, most frequent first (ties in the order they were first seen). */
  top(limit: number): FailureCount[] {
    return [...this.counts.values()].sort((a, b) => b.count - a.count).slice(0, limit).map((f) => ({ ...f }));
  }

  /** Failed items not among the `limit` most frequent errors. */
  othersThan(limit: number): number {
    return this.top(limit).reduce((left, f) => left - f.count, this.failed);
  }

  /** How many distinct errors were seen (at least; past MAX_DISTINCT the rest are not told apart). */
  get distinct(): number {
    return this.counts.size + (this.untracked > 0 ? 1 : 0);
  }
}
