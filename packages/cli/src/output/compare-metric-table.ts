import type { ComparisonResult } from '@llm-eval/search';
import type { colors } from './color';
import { metricHead, metricRows, noIntervalNote, noPairsNote, testedRows, verdictRule } from './compare-rows';
import { renderTable } from './table';

/**
 * The per-metric comparison as the terminal shows it (`runs compare`, `demo`): the table with coloured verdicts, the
 * lower-is-better legend when it applies, and the rule behind the verdicts.
 */
export function metricTableLines(result: ComparisonResult, c: ReturnType<typeof colors>): string[] {
  if (result.metrics.length === 0) return ['No metric was scored in both runs.'];
  const paint = (v: string) => (v === 'improved' ? c.green(v) : v === 'regressed' ? c.red(v) : v === 'unchanged' || v.startsWith('not significant') ? c.gray(v) : c.yellow(v));
  const rows = metricRows(testedRows(result), result.significance.alpha, result.options.minEffect).map((row) => [...row.slice(0, -1), paint(row[row.length - 1]!)]);
  const lines = [renderTable(metricHead(result), rows, { color: c.isColorSupported })];
  if (result.metrics.some((m) => m.lowerIsBetter)) lines.push(c.gray('↓ lower is better'));
  const noInterval = noIntervalNote(result);
  if (noInterval) lines.push(c.gray(noInterval));
  lines.push(c.gray(verdictRule(result)));
  const noPairs = noPairsNote(result);
  if (noPairs) lines.push(c.yellow(noPairs));
  return lines;
}
