import type { ComparisonJson } from '../../api/types';
import { formatCost, formatCount, formatDelta, formatDuration, formatPercent } from '../format';
import { toneOf } from './tone';

type Summary = ComparisonJson['summary'];
type Delta = Summary['successRate'];

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

/** The summary deltas: each total of run A and run B, the change and the relative change, coloured good or bad. */
export function SummaryDeltas({ summary }: { summary: Summary }) {
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
            const d: Delta = summary[row.key];
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
