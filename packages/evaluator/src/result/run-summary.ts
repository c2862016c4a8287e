import type { ItemResult } from '../run/item-result';
import { Float64List } from '@llm-eval/stats';
import { hasMetricError, metricStatsOf, metricStatsRecord, ownScore, scoreValue, timingStatsOf, type MetricStats, type TimingStats } from './metric-stats';

/** A run's summary figures, computed without keeping its items (or read back from a stored run by an executor). */
export interface RunSummary {
  totalItems: number;
  successfulItems: number;
  metricStats: Record<string, MetricStats>;
  timing: TimingStats;
  usage: { tokens: number; cost: number };
}

/**
 * Sees every ItemResult of a run once, as it finishes, and keeps only what the summary needs: counts, sums, and each
 * metric's values and the response times in flat Float64Arrays (8 bytes an item each), so percentiles stay exact
 * (the same definition as computeMetricStats over kept items) while the items themselves are dropped.
 * @internal
 */
export class RunSummaryAccumulator {
  private total = 0;
  private succeeded = 0;
  private tokens = 0;
  private cost = 0;
  private totalSeconds = 0;
  private readonly times = new Float64List();
  private readonly metrics: Array<{ name: string; values: Float64List; errors: number }>;

  constructor(metricNames: readonly string[]) {
    this.metrics = metricNames.map((name) => ({ name, values: new Float64List(), errors: 0 }));
  }

  add(item: ItemResult): void {
    this.total++;
    if (item.success) this.succeeded++;
    this.tokens += item.tokensUsed ?? 0;
    this.cost += item.cost ?? 0;
    this.totalSeconds += item.responseTime;
    this.times.push(item.responseTime);
    for (const metric of this.metrics) {
      const v = ownScore(item, metric.name);
      if (v !== undefined) metric.values.push(scoreValue(v));
      else if (hasMetricError(item, metric.name)) metric.errors++;
    }
  }

  summary(): RunSummary {
    const metricStats = metricStatsRecord(this.metrics.map((m) => [m.name, metricStatsOf(m.values.values(), m.errors)] as const));
    return {
      totalItems: this.total,
      successfulItems: this.succeeded,
      metricStats,
      timing: timingStatsOf(this.times.values(), this.totalSeconds),
      usage: { tokens: this.tokens, cost: this.cost },
    };
  }
}
