import type { KeyboardEvent } from 'react';
import { ExactNumber } from '../ExactNumber';
import { formatDelta, formatScore } from '../format';
import { StatusBadge } from '../StatusBadge';
import { type PairRow, type Score } from './pairRows';
import { toneOf } from './tone';
import { ShownText, visibleText } from '../UserText';

const KIND_LABEL: Record<PairRow['kind'], string> = {
  improved: 'improved',
  regressed: 'regressed',
  unchanged: 'unchanged',
  onlyInA: 'only in A',
  onlyInB: 'only in B',
};

function scoreText(score: Score | undefined): string {
  if (score === undefined) return '—';
  if (typeof score === 'boolean') return score ? 'pass' : 'fail';
  if (typeof score === 'number') return formatScore(score);
  return 'error';
}

/** One item of the comparison: its id, what changed, its status in A and B, and each metric's score A → B with Δ. */
export function ItemChangeRow({
  row,
  metrics,
  lowerIsBetter,
  index,
  focusable,
  selected,
  onOpen,
  onKeyDown,
  onFocus,
}: {
  row: PairRow;
  metrics: string[];
  lowerIsBetter: readonly string[];
  index: number;
  focusable: boolean;
  selected: boolean;
  onOpen: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLTableRowElement>) => void;
  onFocus: () => void;
}) {
  return (
    <tr
      data-testid="change-row"
      data-item-id={row.itemId}
      data-kind={row.kind}
      data-index={index}
      tabIndex={focusable ? 0 : -1}
      className={selected ? 'change-row selected' : 'change-row'}
      aria-selected={selected}
      onClick={onOpen}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      <td className="mono change-id" title={visibleText(row.itemId)}>
        <ShownText text={row.itemId} />
      </td>
      <td>
        <span className={`change-kind change-kind-${row.kind}`}>{KIND_LABEL[row.kind]}</span>
      </td>
      <td className="change-status">
        {row.a ? <StatusBadge status={row.a.status} /> : <span className="muted">—</span>} →{' '}
        {row.b ? <StatusBadge status={row.b.status} /> : <span className="muted">—</span>}
      </td>
      {metrics.map((metric) => {
        const delta = row.deltas[metric] ?? null;
        const tone = toneOf(delta, lowerIsBetter.includes(metric));
        const sa = row.a?.scores[metric];
        const sb = row.b?.scores[metric];
        return (
          <td key={metric} className="num change-score">
            <ExactNumber value={typeof sa === 'number' ? sa : null} text={scoreText(sa)} /> →{' '}
            <ExactNumber value={typeof sb === 'number' ? sb : null} text={scoreText(sb)} />{' '}
            <span className={`change-delta ${tone}`}>
              {delta === null || delta === 0 ? '' : <>({<ExactNumber value={delta} text={formatDelta(delta)} />})</>}
            </span>
          </td>
        );
      })}
    </tr>
  );
}
