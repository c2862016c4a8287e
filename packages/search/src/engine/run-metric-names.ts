import type { DataSource } from 'typeorm';
import { RunMetric } from '@llm-eval/models';

/**
 * The metric names one run has, as storage keeps them: its metricsUsed and every metric it scored (one run_metrics row
 * each, decoded by the entity). An item query resolves the metrics it names against these, as a run query resolves them
 * against the stored metrics of every run: metricsUsed alone leaves out a metric scored but not listed (a Python export
 * without "metrics"), which was then searched as typed ("EXACT_MATCH") and matched nothing.
 * @internal
 */
export async function runMetricNames(dataSource: DataSource, runId: string, metricsUsed: readonly string[]): Promise<RunMetricNames> {
  const rows = await dataSource.getRepository(RunMetric).find({ where: { runId }, select: { metricName: true }, order: { metricName: 'ASC' } });
  return { names: [...new Set([...metricsUsed, ...rows.map((row) => row.metricName)])], complete: rows.length > 0 };
}

/** A run's metric names, and whether they are all of them. @internal */
export interface RunMetricNames {
  names: string[];
  /**
   * Whether the run's statistics are stored (when it finished, or was imported): until then a metric it scores but does
   * not list is not among `names`, so none can be said missing.
   */
  complete: boolean;
}
