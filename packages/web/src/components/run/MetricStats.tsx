import type { RunMetricJson } from '../../api/types';
import { ExactNumber } from '../ExactNumber';
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
  // Each statistic: its label, its text and the number it shows (for the exact value as a title).
  const stats: Array<[string, string, number | null]> = boolean
    ? (() => {
        const { pass, fail } = passFail(metric);
        return [
          ['pass', formatCount(pass), pass],
          ['fail', formatCount(fail), fail],
          ['pass rate', formatPercent(metric.mean), null],
        ];
      })()
    : [
        ['mean', formatScore(metric.mean), metric.mean],
        ['median', formatScore(metric.median), metric.median],
        ['std', formatScore(metric.stdDev), metric.stdDev],
        ['min', formatScore(metric.min), metric.min],
        ['max', formatScore(metric.max), metric.max],
        ...PERCENTILES.map((p): [string, string, number | null] => [p, formatScore(percentile(metric, p)), percentile(metric, p)]),
      ];
  stats.push(['scored', formatCount(metric.successfulEvaluations), metric.successfulEvaluations]);
  if (metric.failedEvaluations > 0) stats.push(['metric errors', formatCount(metric.failedEvaluations), metric.failedEvaluations]);
  return (
    <section className="card metric-card" aria-labelledby={`metric-${metric.metricName}`} data-testid="metric-card">
      <h3 id={`metric-${metric.metricName}`} className="metric-name">
        <UserText text={metric.metricName} /> <span className="muted metric-type">{metric.metricType}</span>
      </h3>
      <dl className="metric-stats">
        {stats.map(([label, text, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <ExactNumber value={value} text={text} />
            </dd>
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
