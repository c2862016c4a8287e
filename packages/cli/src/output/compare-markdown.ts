import type { ComparisonResult } from '@llm-eval/search';
import { shortId } from './format';
import {
  ITEM_HEAD,
  SUMMARY_HEAD,
  itemCountsLine,
  itemRows,
  itemSections,
  metricHead,
  metricRows,
  noIntervalNote,
  noPairsNote,
  summaryRows,
  testedRows,
  verdictRule,
} from './compare-rows';
import { markdownCell, markdownTable } from './markdown-table';

const VERDICT_COLUMN = 9;

/**
 * `runs compare --format markdown`: the comparison as GitHub-flavoured Markdown to paste into a pull request — the
 * runs, the summary table, the metric table (means, Δ, CI, p, adjusted p, verdict), the verdict line, the item
 * counts and the top improved / regressed items.
 */
export function comparisonMarkdown(result: ComparisonResult, itemLimit: number): string {
  const run = (r: { id: string; name: string }) => `**${markdownCell(r.name)}** (\`${shortId(r.id)}\`)`;
  const out: string[] = [
    `### llm-eval comparison: ${markdownCell(result.runA.name)} → ${markdownCell(result.runB.name)}`,
    '',
    `A: ${run(result.runA)} · B: ${run(result.runB)} · Δ is B − A`,
    '',
    markdownTable(SUMMARY_HEAD, summaryRows(result.summary), ['l', 'r', 'r', 'r', 'r']),
    '',
  ];
  if (result.metrics.length === 0) out.push('No metric was scored in both runs.', '');
  else {
    const tested = testedRows(result);
    const rows = metricRows(tested, result.significance.alpha, result.options.minEffect).map((row, i) => {
      const verdict = tested[i]!.verdict;
      const cell = row[VERDICT_COLUMN]!;
      row[VERDICT_COLUMN] = verdict === 'improved' || verdict === 'regressed' ? `**${cell}**` : verdict === 'insufficient_data' ? `_${cell}_` : cell;
      return row;
    });
    // Only the metric's name is user text; the other cells are numbers and words this command writes.
    const generated = new Set([1, 2, 3, 4, 5, 6, 7, 8, VERDICT_COLUMN]);
    out.push(markdownTable(metricHead(result), rows, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'], generated), '');
    const lower = result.metrics.some((m) => m.lowerIsBetter) ? ' ↓ lower is better.' : '';
    const noInterval = noIntervalNote(result, markdownCell);
    out.push(`${noInterval ? `${noInterval} ` : ''}${verdictRule(result)}${lower}`, '');
    const noPairs = noPairsNote(result, markdownCell);
    if (noPairs) out.push(noPairs, '');
  }
  const regressed = testedRows(result).filter((m) => m.verdict === 'regressed').map((m) => m.metric);
  const improved = testedRows(result).filter((m) => m.verdict === 'improved').map((m) => m.metric);
  const verdicts = [
    regressed.length ? `**Regressed: ${regressed.map(markdownCell).join(', ')}**` : 'No metric regressed.',
    improved.length ? `Improved: ${improved.map(markdownCell).join(', ')}.` : '',
  ];
  out.push(verdicts.filter(Boolean).join(' '), '', `Items: ${itemCountsLine(result)}.`);
  for (const { title, list, count } of itemSections(result)) {
    const shown = list.slice(0, itemLimit);
    out.push('', `#### ${markdownCell(title)} (${shown.length} of ${count})`, '');
    out.push(shown.length ? markdownTable(ITEM_HEAD, itemRows(shown)) : '_none_');
  }
  return out.join('\n');
}
