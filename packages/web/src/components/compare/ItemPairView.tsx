import { useQuery } from '@tanstack/react-query';
import { listItems } from '../../api/endpoints';
import type { ItemJson } from '../../api/types';
import { Drawer } from '../Drawer';
import { ErrorPanel } from '../ErrorPanel';
import { ExactNumber } from '../ExactNumber';
import { formatCost, formatCount, formatDelta, formatDuration, formatScore } from '../format';
import { JsonOrText } from '../JsonOrText';
import { StatusBadge } from '../StatusBadge';
import { numericScore, type Score } from './pairRows';
import { TextDiff } from './TextDiff';
import { toneOf } from './tone';
import { ShownText, UserText, visibleText } from '../UserText';

async function fetchOne(run: string, itemId: string, signal: AbortSignal): Promise<ItemJson | null> {
  const page = await listItems(run, { itemId: [itemId], limit: 1 }, signal);
  return page.items[0] ?? null;
}

function scoreText(score: Score | undefined): string {
  if (score === undefined) return '—';
  if (typeof score === 'boolean') return score ? 'pass' : 'fail';
  if (typeof score === 'number') return formatScore(score);
  return `error: ${score.error}`;
}

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** One item of both runs side by side: input, expected output, the two outputs as a text diff, scores and errors. */
export function ItemPairView({
  a,
  b,
  itemId,
  lowerIsBetter,
  onClose,
}: {
  a: string;
  b: string;
  itemId: string;
  lowerIsBetter: readonly string[];
  onClose: () => void;
}) {
  const query = useQuery({
    queryKey: ['runs', 'compare', a, b, 'pair', itemId],
    queryFn: async ({ signal }) => {
      const [itemA, itemB] = await Promise.all([fetchOne(a, itemId, signal), fetchOne(b, itemId, signal)]);
      return { itemA, itemB };
    },
  });
  return (
    <Drawer label={`Item ${itemId}`} title={`Item ${visibleText(itemId)}`} onClose={onClose}>
      {query.isPending ? (
        <div className="skeleton" style={{ height: 400 }} aria-label="Loading the item" />
      ) : query.isError ? (
        <ErrorPanel error={query.error} onRetry={() => void query.refetch()} title="The item could not be loaded" />
      ) : (
        <PairBody itemA={query.data.itemA} itemB={query.data.itemB} lowerIsBetter={lowerIsBetter} />
      )}
    </Drawer>
  );
}

function PairBody({ itemA, itemB, lowerIsBetter }: { itemA: ItemJson | null; itemB: ItemJson | null; lowerIsBetter: readonly string[] }) {
  const either = (itemA ?? itemB)!;
  if (!either) return <p className="muted">Neither run has this item.</p>;
  const metrics = [...new Set([...Object.keys(itemA?.scores ?? {}), ...Object.keys(itemB?.scores ?? {})])].sort();
  return (
    <div className="pair-view">
      <div className="pair-status">
        <span>
          A: {itemA ? <StatusBadge status={itemA.status} /> : <span className="muted">not in run A</span>}
        </span>
        <span>
          B: {itemB ? <StatusBadge status={itemB.status} /> : <span className="muted">not in run B</span>}
        </span>
      </div>
      <h3>Input</h3>
      {itemA && itemB && !same(itemA.input, itemB.input) ? (
        <div className="pair-columns">
          <JsonOrText value={itemA.input} label="Input A" />
          <JsonOrText value={itemB.input} label="Input B" />
        </div>
      ) : (
        <JsonOrText value={either.input} label="Input" />
      )}
      <h3>Expected output</h3>
      <JsonOrText value={either.expectedOutput} label="Expected output" />
      <h3>Output A vs output B</h3>
      <TextDiff a={itemA?.actualOutput ?? null} b={itemB?.actualOutput ?? null} />
      <h3>Scores</h3>
      {metrics.length === 0 ? (
        <p className="muted">No scores.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col" className="num">A</th>
                <th scope="col" className="num">B</th>
                <th scope="col" className="num">Δ</th>
              </tr>
            </thead>
            <tbody>
              {metrics.map((metric) => {
                const sa = numericScore(itemA?.scores[metric]);
                const sb = numericScore(itemB?.scores[metric]);
                const delta = sa === null || sb === null ? null : sb - sa;
                return (
                  <tr key={metric}>
                    <th scope="row">
                      <UserText text={metric} />
                    </th>
                    <td className="num">
                      <ExactNumber value={typeof itemA?.scores[metric] === 'number' ? sa : null} text={scoreText(itemA?.scores[metric])} />
                    </td>
                    <td className="num">
                      <ExactNumber value={typeof itemB?.scores[metric] === 'number' ? sb : null} text={scoreText(itemB?.scores[metric])} />
                    </td>
                    <td className={`num ${toneOf(delta, lowerIsBetter.includes(metric))}`}>
                      <ExactNumber value={delta} text={formatDelta(delta)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h3>Errors and timing</h3>
      <div className="pair-columns">
        {[itemA, itemB].map((item, i) => (
          <div key={i} className="card pair-meta">
            <strong>{i === 0 ? 'Run A' : 'Run B'}</strong>
            {item ? (
              <>
                {item.errorMessage ? (
                  <p className="bad">
                    <ShownText text={item.errorType ? `${item.errorType}: ${item.errorMessage}` : item.errorMessage} />
                  </p>
                ) : (
                  <p className="muted">No error.</p>
                )}
                <p className="muted">
                  {formatDuration(item.responseTime)} · {formatCount(item.tokensUsed)} tokens · {formatCost(item.cost)}
                </p>
              </>
            ) : (
              <p className="muted">Not in this run.</p>
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
