/** One distinct error message of a metric, with how many items it failed on with it. */
export interface MetricErrorCount {
  message: string;
  count: number;
}

/** A metric's most frequent error messages, by metric name. */
export type MetricErrors = Record<string, MetricErrorCount[]>;

/** Distinct messages remembered per metric, at most: a metric whose every message differs must not grow per item. */
const MAX_DISTINCT = 1_000;
/** Longest message kept; the full one is stored with the item. */
export const MAX_METRIC_ERROR = 500;

/** A message cut to `max` characters (whole code points), with an ellipsis. */
export function cutMessage(message: string, max = MAX_METRIC_ERROR): string {
  const chars = [...message];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : message;
}

/**
 * Counts the errors of each metric by message as items finish (an item's metricErrors), so `evaluate` and `demo` say
 * why a metric failed instead of only how often. Messages are kept as the metric gave them (cut to 500 characters),
 * as `runs show` reads them back from the stored items.
 */
export class MetricErrorTally {
  private readonly metrics = new Map<string, { errors: number; counts: Map<string, number> }>();

  /** Notes the metric errors of one item (metric name → message). */
  add(metricErrors: Record<string, string> | undefined): void {
    for (const [metric, error] of Object.entries(metricErrors ?? {})) {
      let tally = this.metrics.get(metric);
      if (!tally) this.metrics.set(metric, (tally = { errors: 0, counts: new Map() }));
      tally.errors++;
      const message = cutMessage(String(error)) || '(no message)';
      const known = tally.counts.get(message);
      if (known !== undefined) tally.counts.set(message, known + 1);
      else if (tally.counts.size < MAX_DISTINCT) tally.counts.set(message, 1);
    }
  }

  /** Each metric's `limit` most frequent messages, most frequent first (ties in the order first seen). */
  top(limit: number): MetricErrors {
    const out: MetricErrors = {};
    for (const [metric, { counts }] of this.metrics) {
      out[metric] = [...counts].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count).slice(0, limit);
    }
    return out;
  }

  /** How many items each metric failed on. */
  errors(): Record<string, number> {
    return Object.fromEntries([...this.metrics].map(([metric, t]) => [metric, t.errors]));
  }
}
