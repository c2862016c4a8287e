import type { RunMetricJson } from '../../api/types';
import { formatCount, formatPercent, formatScore } from '../format';
import { isBooleanMetric, passFail } from './histogramBins';
import { MetricHistogram } from './MetricHistogram';
import { UserText } from '../UserText';

const PERCENTILES = ['p25', 'p75', 'p90', 'p95', 'p99'] as const;

function percentile(metric: RunMetricJson, key: string): number | null {
  const value = metric.percentiles?.[key];
  return typeof value === 'number' ? value : null;
}

/** One metric's statistics and histogram. */
function MetricCard({ metric }: { metric: RunMetricJson }) {
  const boolean = isBooleanMetric(metric);
  const stats: Array<[string, string]> = boolean
    ? (() => {
        const { pass, fail } = passFail(metric);
        return [
          ['pass', formatCount(pass)],
          ['fail', formatCount(fail)],
          ['pass rate', formatPercent(metric.mean)],
        ];
      })()
    : [
        ['mean', formatScore(metric.mean)],
        ['median', formatScore(metric.median)],
        ['std', formatScore(metric.stdDev)],
        ['min', formatScore(metric.min)],
        ['max', formatScore(metric.max)],
        ...PERCENTILES.map((p): [string, string] => [p, formatScore(percentile(metric, p))]),
      ];
  stats.push(['scored', formatCount(metric.successfulEvaluations)]);
  if (metric.failedEvaluations > 0) stats.push(['metric errors', formatCount(metric.failedEvaluations)]);
  return (
    <section className="card metric-card" aria-labelledby={`metric-${metric.metricName}`} data-testid="metric-card">
      <h3 id={`metric-${metric.metricName}`} className="metric-name">
        <UserText text={metric.metricName} /> <span className="muted metric-type">{metric.metricType}</span>
      </h3>
      <dl className="metric-stats">
        {stats.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <MetricHistogram metric={metric} />
    </section>
  );
}

/** Per-metric statistics of a run, a card each. */
export function MetricStats({ metrics }: { metrics: RunMetricJson[] }) {
  if (metrics.length === 0) return <p className="muted">No metric statistics: the run has no scores (yet).</p>;
  return (
    <div className="metric-grid">
      {metrics.map((metric) => (
        <MetricCard key={metric.metricName} metric={metric} />
      ))}
    </div>
  );
}

/** Placeholder of the metric cards' size while the run loads. */
export function MetricStatsSkeleton({ count = 2 }: { count?: number }) {
  return (
    <div className="metric-grid" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="skeleton metric-card-skeleton" />
      ))}
    </div>
  );
}
