import { useId } from 'react';
import { ApiRequestError } from '../../api/client';
import { hasQuickFilters, ITEM_STATUSES, type ItemFilterState } from './itemQuery';
import { ShownText, visibleText } from '../UserText';

/** What the API said about the current query or filters. */
export interface ItemQueryFeedback {
  explanation?: string;
  warnings?: string[];
  total?: number;
  /** The items request's error, if any (a 422 is a query that cannot be parsed). */
  error?: unknown;
  fetching?: boolean;
}

function examples(metrics: string[]): string[] {
  const metric = metrics.find((m) => m !== 'exact_match') ?? metrics[0];
  return ['failed items', ...(metric ? [`${metric} below 0.5`] : []), 'slowest 20', 'text contains paris'];
}

/**
 * The items' query box and quick filters. The API takes an item query (q) or the structured filters, never both;
 * so typing a query clears the quick filters, and the quick filters are switched off (and say why) while a query is
 * there: every filter can be said in the query too.
 */
export function ItemFilters({
  state,
  onChange,
  metrics,
  feedback,
}: {
  state: ItemFilterState;
  onChange: (changes: Partial<ItemFilterState>) => void;
  metrics: string[];
  feedback: ItemQueryFeedback;
}) {
  const id = useId();
  const quick = hasQuickFilters(state);
  const queryActive = state.q.trim() !== '';
  const queryError = feedback.error instanceof ApiRequestError && feedback.error.status === 422 ? feedback.error : null;

  const setQuery = (q: string) => {
    // A query replaces the quick filters (the API refuses both at once).
    onChange(q.trim() && quick ? { q, status: [], metric: '', min: '', max: '' } : { q });
  };
  const toggleStatus = (status: string) =>
    onChange({ status: state.status.includes(status) ? state.status.filter((s) => s !== status) : [...state.status, status] });

  return (
    <div className="item-filters">
      <div className="item-query">
        <label htmlFor={`${id}-q`} className="item-query-label">
          Item query
        </label>
        <input
          id={`${id}-q`}
          type="search"
          value={state.q}
          placeholder='e.g. "failed items", "f1 below 0.5", "slowest 20"'
          onChange={(event) => setQuery(event.target.value)}
          aria-describedby={`${id}-understood`}
          aria-invalid={queryError ? true : undefined}
          spellCheck={false}
          autoComplete="off"
        />
        <div className="item-query-examples" aria-label="Example queries">
          {examples(metrics).map((example) => (
            <button key={example} type="button" className="chip" onClick={() => setQuery(example)}>
              {example}
            </button>
          ))}
        </div>
      </div>
      <div id={`${id}-understood`} className="understood" aria-live="polite" data-testid="item-query-explanation">
        {queryError ? (
          <span className="bad" role="alert">
            The query cannot be read: <ShownText text={queryError.message} />
          </span>
        ) : feedback.explanation !== undefined ? (
          <>
            Understood:{' '}
            <strong>
              <ShownText text={feedback.explanation} />
            </strong>
            {feedback.total !== undefined && <> · {feedback.total.toLocaleString('en-US')} {feedback.total === 1 ? 'item matches' : 'items match'}</>}
            {feedback.fetching && <span className="muted"> · updating…</span>}
            {feedback.warnings?.map((warning) => (
              <span key={warning} className="warning item-query-warning">
                {' '}
                · <ShownText text={warning} />
              </span>
            ))}
          </>
        ) : (
          <span className="muted">Loading items…</span>
        )}
      </div>
      <fieldset className="item-quick" disabled={queryActive}>
        <legend className="item-quick-legend">
          Quick filters
          {queryActive ? (
            <span className="muted">
              {' '}
              — off while the query box is used (say them in the query, or{' '}
              <button type="button" className="link-button" onClick={() => onChange({ q: '' })} disabled={false}>
                clear the query
              </button>
              )
            </span>
          ) : (
            quick && (
              <span className="muted">
                {' '}
                — typing a query replaces them ·{' '}
                <button type="button" className="link-button" onClick={() => onChange({ status: [], metric: '', min: '', max: '' })}>
                  clear filters
                </button>
              </span>
            )
          )}
        </legend>
        <div className="item-quick-row">
          <div className="item-status-filter" role="group" aria-label="Status">
            {ITEM_STATUSES.filter((s) => s !== 'pending').map((status) => (
              <button key={status} type="button" aria-pressed={state.status.includes(status)} className="chip item-status-chip" onClick={() => toggleStatus(status)}>
                {status}
              </button>
            ))}
          </div>
          <div className="item-score-filter" role="group" aria-label="Score range">
            <label>
              <span className="run-sr-only">Metric</span>
              <select aria-label="Metric" value={state.metric} onChange={(event) => onChange({ metric: event.target.value })}>
                <option value="">score of…</option>
                {metrics.map((metric) => (
                  <option key={metric} value={metric}>
                    {visibleText(metric)}
                  </option>
                ))}
              </select>
            </label>
            <input
              type="number"
              step="any"
              aria-label="Minimum score"
              placeholder="min"
              value={state.min}
              onChange={(event) => onChange({ min: event.target.value, metric: state.metric || metrics[0] || '' })}
            />
            <span className="muted">–</span>
            <input
              type="number"
              step="any"
              aria-label="Maximum score"
              placeholder="max"
              value={state.max}
              onChange={(event) => onChange({ max: event.target.value, metric: state.metric || metrics[0] || '' })}
            />
          </div>
        </div>
      </fieldset>
    </div>
  );
}
