import type { MetricErrors } from './metric-error-tally';
import { cutMessage } from './metric-error-tally';
import { terminalField } from './terminal-text';

/** Messages per metric the human output names, at most (--json carries up to METRIC_ERRORS_IN_JSON). */
export const METRIC_ERRORS_SHOWN = 3;
/** Messages per metric in --json. */
export const METRIC_ERRORS_IN_JSON = 10;
/** Longest message printed on a line. */
const SHOWN_LENGTH = 160;

/** A metric error message for one line of human output: line breaks and control characters shown, cut. */
export function metricErrorText(message: string): string {
  return terminalField(cutMessage(message, SHOWN_LENGTH));
}

/**
 * "Metric errors:" and each metric's most frequent messages ("  broken: 3 × Error: key missing"), then how many of its
 * errors had other messages; nothing when no metric failed. `errors`: how many items each metric failed on.
 */
export function metricErrorLines(top: MetricErrors, errors: Record<string, number>): string[] {
  const metrics = Object.keys(top).filter((m) => top[m]!.length > 0);
  if (metrics.length === 0) return [];
  const lines = ['Metric errors:'];
  for (const metric of metrics) {
    const shown = top[metric]!.slice(0, METRIC_ERRORS_SHOWN);
    for (const e of shown) lines.push(`  ${terminalField(metric)}: ${e.count} × ${metricErrorText(e.message)}`);
    const others = (errors[metric] ?? 0) - shown.reduce((n, e) => n + e.count, 0);
    if (others > 0) lines.push(`  ${terminalField(metric)}: ${others} more with other errors`);
  }
  return lines;
}
