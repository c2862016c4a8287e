import type { Database, RunWithMetrics } from '@llm-eval/storage';
import { cutMessage, type MetricErrors } from './metric-error-tally';

/**
 * The `limit` most frequent error messages of each metric of a stored run that failed on some item (its statistics
 * count them), exact but cut to 500 characters, as `evaluate` counts them while it runs. Storage counts them in the
 * database, and is only asked about a metric that has errors.
 */
export async function readMetricErrors(db: Pick<Database, 'runs'>, run: RunWithMetrics, limit: number): Promise<MetricErrors> {
  const out: MetricErrors = {};
  for (const metric of run.metrics.filter((m) => m.failedEvaluations > 0)) {
    const counted = await db.runs.metricErrorCounts(run.id, metric.metricName, limit);
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
