import type { ComparisonJson } from '../../api/types';
import { ExactNumber } from '../ExactNumber';
import { formatDelta, formatScore } from '../format';
import { Explained } from './Explained';
import { ciExplanation, missingCiExplanation, pairsExplanation, pValueExplanation, testExplanation, testLabel, verdictExplanation, verdictLabel } from './explanations';
import { toneOf } from './tone';
import { UserText } from '../UserText';

type Metric = ComparisonJson['metrics'][number];

/**
 * A p-value to 4 decimals, "<0.0001" below that, never rounded across alpha: more decimals until the text is on p's
 * side of it (0.049996 is "0.049996" at alpha = 0.05, not "0.0500" beside "improved"); below an alpha under 0.0001, a p
 * at or above alpha is written out rather than "<0.0001".
 */
function formatP(p: number | null, alpha: number): string {
  if (p === null || !Number.isFinite(p)) return '—';
  if (p < 0.0001 && (alpha >= 0.0001 || p < alpha)) return '<0.0001';
  if (p < 0.0001) return sameSide(p, alpha, (digits) => p.toExponential(digits), 1);
  return sameSide(p, alpha, (digits) => p.toFixed(digits), 4);
}

/** The text `format` gives p with the fewest digits from `digits` on whose value is on p's side of alpha. */
function sameSide(p: number, alpha: number, format: (digits: number) => string, digits: number): string {
  let text = format(digits);
  // 17 significant digits give the double back, so the loop ends.
  while (Number(text) < alpha !== p < alpha && digits < 20) text = format(++digits);
  return text;
}

const TASK_SUCCESS_EXPLANATION =
  'Whether each item’s task ran without failing, paired by item (McNemar on failed vs not, in the same Holm family as the metrics). The metrics leave out items whose task failed, so a task that started failing shows here.';

/** The verdict as a coloured label; insufficient data is grey, never a direction. */
function verdictClass(verdict: Metric['verdict']): string {
  return verdict === 'improved' ? 'verdict verdict-improved' : verdict === 'regressed' ? 'verdict verdict-regressed' : `verdict verdict-${verdict}`;
}

/** The name task success's row goes by (the API calls it "success"), as `runs compare` prints it. */
export const TASK_SUCCESS = 'task success';

/**
 * What the comparison tested, as `runs compare` shows it (the CLI's testedRows): the metrics, and task success when
 * some item's task started or stopped failing — a metric's pairs leave out items whose task failed, so a task that
 * started failing shows no change in any metric: this row is where that regression shows.
 */
export function testedRows(comparison: ComparisonJson): Metric[] {
  const success = comparison.success;
  return success && success.informativePairs > 0 ? [...comparison.metrics, { ...success, metric: TASK_SUCCESS }] : comparison.metrics;
}

/** The per-metric statistics of a comparison, each test, p-value and verdict explained on hover and focus. */
export function MetricComparisonTable({ comparison }: { comparison: ComparisonJson }) {
  const { significance } = comparison;
  const metrics = testedRows(comparison);
  if (metrics.length === 0) return <p className="muted">The runs have no metric in common to compare.</p>;
  return (
    <div className="table-wrap">
      <table className="data compare-metrics">
        <caption className="visually-hidden">Metrics, A against B</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Test</th>
            <th scope="col" className="num">
              <Explained explanation={pairsExplanation(significance.minimumPairs)}>Pairs (informative)</Explained>
            </th>
            <th scope="col" className="num">Mean A</th>
            <th scope="col" className="num">Mean B</th>
            <th scope="col" className="num">Δ</th>
            <th scope="col">
              <Explained explanation={ciExplanation(comparison.options.confidence)}>CI {Math.round(comparison.options.confidence * 1000) / 10}%</Explained>
            </th>
            <th scope="col" className="num">
              <Explained explanation={pValueExplanation(significance)}>p (Holm)</Explained>
            </th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => {
            const tone = m.verdict === 'insufficient_data' ? '' : toneOf(m.difference, m.lowerIsBetter);
            return (
              <tr key={m.metric} data-testid="metric-row" data-metric={m.metric}>
                <th scope="row">
                  {m.metric === TASK_SUCCESS ? <Explained explanation={TASK_SUCCESS_EXPLANATION}>{m.metric}</Explained> : <UserText text={m.metric} />}
                  {m.lowerIsBetter && <span className="muted"> (lower is better)</span>}
                </th>
                <td>
                  <Explained explanation={testExplanation(m.test)}>{testLabel(m.test)}</Explained>
                </td>
                <td className="num">
                  {m.pairs} ({m.informativePairs})
                </td>
                <td className="num">
                  <ExactNumber value={m.meanA} text={formatScore(m.meanA)} />
                </td>
                <td className="num">
                  <ExactNumber value={m.meanB} text={formatScore(m.meanB)} />
                </td>
                <td className={`num ${tone}`}>
                  <ExactNumber value={m.difference} text={formatDelta(m.difference)} />
                </td>
                <td className="mono" data-testid={`ci-${m.metric}`}>
                  {m.ci.low === null || m.ci.high === null ? (
                    <Explained explanation={missingCiExplanation(m.ci.reason)}>—</Explained>
                  ) : (
                    <>
                      <ExactNumber value={m.ci.low} text={formatScore(m.ci.low)} /> … <ExactNumber value={m.ci.high} text={formatScore(m.ci.high)} />
                    </>
                  )}
                </td>
                <td className="num">
                  {formatP(m.pValue, significance.alpha)} ({formatP(m.pValueAdjusted, significance.alpha)})
                </td>
                <td>
                  <Explained explanation={verdictExplanation(m, significance, comparison.options.minEffect)} className={verdictClass(m.verdict)}>
                    {verdictLabel(m.verdict, comparison.options.minEffect)}
                  </Explained>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Placeholder of the metric table's size while it loads (one row per metric of the runs, two by default). */
export function MetricComparisonSkeleton({ rows = 2 }: { rows?: number }) {
  return <div className="skeleton" style={{ height: (rows + 1) * 33 }} aria-hidden="true" />;
}
