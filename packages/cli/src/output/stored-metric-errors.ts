import type { Database, RunWithMetrics } from '@llm-eval/storage';
import { cutMessage, type MetricErrors } from './metric-error-tally';

/**
 * The `limit` most frequent error messages of each metric of a stored run that failed on some item (its statistics
 * count them), exact but cut to 500 characters, as `evaluate` counts them while it runs. Storage counts them in the
 * database, every metric's in one query: one query per metric parsed every item's scores once per metric, which made
 * a run of thousands of failing metrics take seconds.
 */
export async function readMetricErrors(db: Pick<Database, 'runs'>, run: RunWithMetrics, limit: number): Promise<MetricErrors> {
  const out: MetricErrors = {};
  const failing = run.metrics.filter((m) => m.failedEvaluations > 0);
  if (failing.length === 0) return out;
  const all = await db.runs.metricErrorCountsByMetric(run.id, limit);
  for (const metric of failing) {
    const counted = all.get(metric.metricName) ?? [];
    // Counted by the whole message, shown cut: messages that differ only past the cut are one line, as evaluate counts.
    const counts = new Map<string, number>();
    for (const { message, count } of counted) {
      const cut = cutMessage(message);
      counts.set(cut, (counts.get(cut) ?? 0) + count);
    }
    const messages = [...counts].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count);
    if (messages.length) out[metric.metricName] = messages;
  }
  return out;
}
