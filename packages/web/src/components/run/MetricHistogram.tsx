import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RunMetricJson } from '../../api/types';
import { formatCount } from '../format';
import { useSeenOnce } from '../../hooks/useSeenOnce';
import { countAxisWidth, countTick } from './countAxis';
import { histogramBins } from './histogramBins';
import { visibleText } from '../UserText';

const HEIGHT = 140;

/**
 * A metric's distribution as bars (recharts), from the histogram storage computed when the run finished; pass/fail
 * bars for a boolean metric. A hidden table carries the same numbers for screen readers. The chart is drawn only once
 * it comes near the viewport: a run with 200 metrics drawing every chart at once froze the browser for ~10 s.
 */
export function MetricHistogram({ metric }: { metric: RunMetricJson }) {
  const [chartRef, seen] = useSeenOnce<HTMLDivElement>();
  const bins = histogramBins(metric);
  const name = `Histogram of ${visibleText(metric.metricName)}`;
  const axisWidth = countAxisWidth(Math.max(0, ...bins.map((bin) => bin.count)));
  if (bins.length === 0) {
    return (
      <p className="metric-histogram-empty muted" style={{ height: HEIGHT }}>
        No scores to draw.
      </p>
    );
  }
  return (
    <figure className="metric-histogram" aria-label={name}>
      <div aria-hidden="true" style={{ height: HEIGHT }} ref={chartRef} data-testid="histogram-chart" data-drawn={seen}>
        {seen && (
          <ResponsiveContainer width="100%" height={HEIGHT} initialDimension={{ width: 280, height: HEIGHT }}>
            <BarChart data={bins} margin={{ top: 6, right: 4, bottom: 0, left: 0 }}>
              <XAxis dataKey="label" tick={{ fontSize: 10 }} interval="preserveStartEnd" tickLine={false} />
              <YAxis allowDecimals={false} tick={{ fontSize: 10 }} tickLine={false} tickFormatter={countTick} width={axisWidth} />
              <Tooltip
                cursor={{ fillOpacity: 0.15 }}
                formatter={(value) => [formatCount(Number(value)), 'items']}
                contentStyle={{ background: 'var(--bg)', border: '1px solid var(--border)', borderRadius: 6, color: 'var(--fg)' }}
                labelStyle={{ color: 'var(--fg)' }}
              />
              <Bar dataKey="count" isAnimationActive={false} className="metric-histogram-bar" />
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
      <table className="run-sr-only">
        <caption>{name}</caption>
        <thead>
          <tr>
            <th scope="col">{metric.metricType === 'boolean' ? 'result' : 'score range'}</th>
            <th scope="col">items</th>
          </tr>
        </thead>
        <tbody>
          {bins.map((bin) => (
            <tr key={bin.label}>
              <td>{bin.label}</td>
              <td>{bin.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
