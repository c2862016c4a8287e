import { memo } from 'react';
import { Link } from 'react-router';
import type { RunJson } from '../../api/types';
import { runPath } from '../../api/client';
import { StatusBadge } from '../StatusBadge';
import { formatCost, formatCount, formatDuration, formatPercent, formatTime } from '../format';
import { RunProgressCell, useLiveSuccessRate } from './RunProgressCell';
import type { FilterKey } from './runFilters';
import { UserText, visibleText } from '../UserText';

interface Props {
  run: RunJson;
  index: number;
  selected: boolean;
  tabbable: boolean;
  onToggle: (id: string) => void;
  onFilter: (key: FilterKey, value: string) => void;
}

/** The run's duration; runs stored whole (imports) may carry only their start and end times. */
function durationOf(run: RunJson): number | null {
  // null: the server does not know it (no start, or not finished); 0 is a real 0 s or an imported run without one.
  if (run.durationSeconds !== null && run.durationSeconds > 0) return run.durationSeconds;
  if (!run.startedAt || !run.completedAt) return null;
  const seconds = (Date.parse(run.completedAt) - Date.parse(run.startedAt)) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** A value of the row that narrows the list to runs sharing it when clicked. */
function FilterValue({ filter, value, onFilter, children }: { filter: FilterKey; value: string | null; onFilter: Props['onFilter']; children?: React.ReactNode }) {
  if (value === null || value === '') return <span className="muted">—</span>;
  return (
    <button type="button" className="cell-filter" tabIndex={-1} title={`Show only runs with ${filter} ${visibleText(value)}`} onClick={() => onFilter(filter, value)}>
      {children ?? <UserText text={value} truncate />}
    </button>
  );
}

/** One run of the runs table (keyboard handling is the table's: rows are focused, not their cells). */
export const RunRow = memo(function RunRow({ run, index, selected, tabbable, onToggle, onFilter }: Props) {
  const successRate = useLiveSuccessRate(run);
  return (
    <tr
      data-testid="run-row"
      data-run-id={run.id}
      data-run-name={run.name}
      data-index={index}
      className={selected ? 'run-row selected' : 'run-row'}
      tabIndex={tabbable ? 0 : -1}
      aria-selected={selected}
    >
      <td className="col-select">
        <input type="checkbox" tabIndex={-1} aria-label={`Select ${run.name}`} checked={selected} onChange={() => onToggle(run.id)} />
      </td>
      <td className="col-name" title={visibleText(run.description ?? run.name)}>
        <Link to={runPath(run.id)} tabIndex={-1}>
          <UserText text={run.name} truncate />
        </Link>
      </td>
      <td className="col-status">
        <FilterValue filter="status" value={run.status} onFilter={onFilter}>
          <StatusBadge status={run.status} />
        </FilterValue>
      </td>
      <td className="col-project hide-narrow">
        <FilterValue filter="project" value={run.projectId} onFilter={onFilter} />
      </td>
      <td className="col-dataset hide-narrow">
        <FilterValue filter="dataset" value={run.datasetName} onFilter={onFilter} />
      </td>
      <td className="col-model">
        <FilterValue filter="model" value={run.modelName} onFilter={onFilter} />
      </td>
      <td className="col-success num">{formatPercent(successRate)}</td>
      <td className="col-items num">
        {run.status === 'running' ? <RunProgressCell run={run} /> : formatCount(run.totalItems)}
      </td>
      <td className="col-latency num hide-narrow">{formatDuration(run.avgResponseTime)}</td>
      <td className="col-tokens num hide-narrow">{formatCount(run.totalTokens)}</td>
      <td className="col-cost num hide-narrow">{formatCost(run.totalCost)}</td>
      <td className="col-duration num hide-narrow">{run.status === 'running' ? '…' : formatDuration(durationOf(run))}</td>
      <td className="col-created" title={run.createdAt}>
        {formatTime(run.createdAt)}
      </td>
      <td className="col-tags hide-narrow" title={visibleText(run.tags.join(', '))}>
        {run.tags.map((tag) => (
          <FilterValue key={tag} filter="tag" value={tag} onFilter={onFilter}>
            <span className="chip">
              <UserText text={tag} truncate />
            </span>
          </FilterValue>
        ))}
      </td>
    </tr>
  );
});
