import type { ReactNode } from 'react';
import type { ItemJson } from '../../api/types';
import { Drawer } from '../Drawer';
import { ErrorPanel } from '../ErrorPanel';
import { formatCost, formatCount, formatDuration, formatTime } from '../format';
import { JsonOrText } from '../JsonOrText';
import { StatusBadge } from '../StatusBadge';
import { ScoreValue } from './ScoreCell';
import { useRunItem } from './useRunItems';
import { ShownText, UserText } from '../UserText';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="item-section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** Everything stored about one item: what it was asked, what was expected and answered, scores, error and cost. */
export function ItemDetails({ item }: { item: ItemJson }) {
  const scores = Object.entries(item.scores);
  return (
    <>
      <dl className="item-facts">
        <div>
          <dt>status</dt>
          <dd>
            <StatusBadge status={item.status} />
          </dd>
        </div>
        <div>
          <dt>response time</dt>
          <dd>{formatDuration(item.responseTime)}</dd>
        </div>
        <div>
          <dt>tokens</dt>
          <dd>{formatCount(item.tokensUsed)}</dd>
        </div>
        <div>
          <dt>cost</dt>
          <dd>{formatCost(item.cost)}</dd>
        </div>
        <div>
          <dt>started</dt>
          <dd>{formatTime(item.startedAt)}</dd>
        </div>
        <div>
          <dt>completed</dt>
          <dd>{formatTime(item.completedAt)}</dd>
        </div>
        <div>
          <dt>#</dt>
          <dd>{item.sequenceNumber}</dd>
        </div>
        {item.traceId && (
          <div>
            <dt>trace</dt>
            <dd className="mono">
              <ShownText text={item.traceId} />
            </dd>
          </div>
        )}
      </dl>
      {(item.errorType || item.errorMessage) && (
        <Section title="Error">
          <div className="item-error" role="note">
            <strong>{item.errorType ? <ShownText text={item.errorType} /> : 'Error'}</strong>
            <JsonOrText value={item.errorMessage} label="Error message" empty="no message" />
          </div>
        </Section>
      )}
      <Section title="Scores">
        {scores.length === 0 ? (
          <p className="muted">No scores.</p>
        ) : (
          <table className="data item-scores">
            <tbody>
              {scores.map(([metric, score]) => (
                <tr key={metric}>
                  <th scope="row">
                    <UserText text={metric} />
                  </th>
                  <td className="num">
                    <ScoreValue score={score} />
                    {typeof score === 'object' && (
                      <span className="bad">
                        {' '}
                        <ShownText text={score.error} />
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="Input">
        <JsonOrText value={item.input} label="Input" />
      </Section>
      <Section title="Expected output">
        <JsonOrText value={item.expectedOutput} label="Expected output" empty="no expected output" />
      </Section>
      <Section title="Actual output">
        <JsonOrText value={item.actualOutput} label="Actual output" empty="no output" />
      </Section>
      {item.metadata && Object.keys(item.metadata).length > 0 && (
        <Section title="Metadata">
          <JsonOrText value={item.metadata} label="Metadata" />
        </Section>
      )}
    </>
  );
}

/**
 * The drawer of one item, read by its item id (so a shared `?item=` URL opens it even when the table has not
 * loaded that far). `onStep` moves to the previous/next loaded row when there is one.
 */
export function ItemDrawer({
  runId,
  itemId,
  onClose,
  onStep,
}: {
  runId: string;
  itemId: string;
  onClose: () => void;
  onStep?: { previous?: () => void; next?: () => void };
}) {
  const query = useRunItem(runId, itemId);
  return (
    <Drawer
      label={`Item ${itemId}`}
      title={
        <>
          Item <span className="mono">
            <ShownText text={itemId} />
          </span>
        </>
      }
      onClose={onClose}
      actions={
        onStep && (
          <>
            <button type="button" onClick={onStep.previous} disabled={!onStep.previous} aria-label="Previous item" title="Previous item">
              ↑
            </button>
            <button type="button" onClick={onStep.next} disabled={!onStep.next} aria-label="Next item" title="Next item">
              ↓
            </button>
          </>
        )
      }
    >
      {query.isPending ? (
        <div aria-hidden="true" className="item-drawer-skeleton">
          <div className="skeleton" style={{ height: 60 }} />
          <div className="skeleton" style={{ height: 120 }} />
          <div className="skeleton" style={{ height: 120 }} />
        </div>
      ) : query.isError ? (
        <ErrorPanel error={query.error} onRetry={() => void query.refetch()} title="The item could not be loaded" />
      ) : query.data === null ? (
        <p role="status">
          This run has no item <ShownText text={itemId} />.
        </p>
      ) : (
        <ItemDetails item={query.data} />
      )}
    </Drawer>
  );
}
