import type { ComparisonJson, RunWithMetricsJson } from '../../api/types';
import { formatCost, formatCount, formatDelta, formatDuration, formatPercent } from '../format';
import { runDuration } from '../run/RunSummary';
import { toneOf } from './tone';

type Summary = ComparisonJson['summary'];
type Delta = Summary['successRate'];
/** What a run's duration is known from (the run page's rule, runDuration). */
export type RunTimes = Pick<RunWithMetricsJson, 'durationSeconds' | 'startedAt' | 'completedAt'>;

/**
 * The durations compared, by the run page's rule: the comparison's stored duration when above 0, else the span from
 * the run's start to its end, else not known (null) — a run without a start time is not "0 ms". Before the runs are
 * loaded a stored 0 is not known either. The change is known only when both durations are.
 */
export function knownDurations(delta: Delta, runs?: { a?: RunTimes; b?: RunTimes }): Delta {
  const side = (stored: number | null, run: RunTimes | undefined) =>
    stored === null ? null : stored > 0 ? stored : run ? runDuration({ ...run, durationSeconds: stored }) : null;
  const a = side(delta.a, runs?.a);
  const b = side(delta.b, runs?.b);
  if (a === delta.a && b === delta.b) return delta;
  return { a, b, absolute: a === null || b === null ? null : b - a, relative: a === null || b === null || a === 0 ? null : (b - a) / a };
}

/** The run totals compared, each with the direction that counts as better. */
const ROWS: Array<{ key: keyof Summary; label: string; lowerIsBetter: boolean; format: (n: number | null) => string; formatChange?: (n: number | null) => string }> = [
  { key: 'successRate', label: 'Success rate', lowerIsBetter: false, format: formatPercent, formatChange: (n) => formatDelta(n, true) },
  { key: 'durationSeconds', label: 'Duration', lowerIsBetter: true, format: formatDuration, formatChange: (n) => signed(n, formatDuration) },
  { key: 'avgResponseTime', label: 'Avg response time', lowerIsBetter: true, format: formatDuration, formatChange: (n) => signed(n, formatDuration) },
  { key: 'totalTokens', label: 'Tokens', lowerIsBetter: true, format: formatCount, formatChange: (n) => signed(n, formatCount) },
  { key: 'totalCost', label: 'Cost', lowerIsBetter: true, format: formatCost, formatChange: (n) => signed(n, formatCost) },
];

function signed(n: number | null, format: (n: number) => string): string {
  if (n === null || !Number.isFinite(n)) return '—';
  if (n === 0) return '0';
  return `${n > 0 ? '+' : '−'}${format(Math.abs(n))}`;
}

/** The summary deltas (durations as the run page knows them, from `runs`): each total of run A and run B, the change and the relative change, coloured good or bad. */
export function SummaryDeltas({ summary, runs }: { summary: Summary; runs?: { a?: RunTimes; b?: RunTimes } }) {
  return (
    <div className="table-wrap">
      <table className="data compare-summary">
        <caption className="visually-hidden">Run totals, A against B</caption>
        <thead>
          <tr>
            <th scope="col">Total</th>
            <th scope="col" className="num">A</th>
            <th scope="col" className="num">B</th>
            <th scope="col" className="num">Δ</th>
            <th scope="col" className="num">relative</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => {
            const d: Delta = row.key === 'durationSeconds' ? knownDurations(summary.durationSeconds, runs) : summary[row.key];
            const tone = toneOf(d.absolute, row.lowerIsBetter);
            return (
              <tr key={row.key} data-testid={`summary-${row.key}`}>
                <th scope="row" title={row.lowerIsBetter ? 'lower is better' : 'higher is better'}>
                  {row.label}
                </th>
                <td className="num">{row.format(d.a)}</td>
                <td className="num">{row.format(d.b)}</td>
                <td className={`num ${tone}`} data-tone={tone || 'none'}>
                  {(row.formatChange ?? row.format)(d.absolute)}
                </td>
                <td className={`num ${tone}`}>{formatDelta(d.relative, true)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Placeholder of the summary table's size while it loads. */
export function SummaryDeltasSkeleton() {
  return <div className="skeleton" style={{ height: 6 * 33 }} aria-hidden="true" />;
}
