import { Link } from 'react-router';
import type { RunWithMetricsJson } from '../../api/types';
import { useLiveCounts, type LiveCounts } from '../../hooks/useLiveCounts';
import { formatCost, formatCount, formatDuration, formatPercent, formatTime } from '../format';
import { JsonOrText } from '../JsonOrText';
import { ProgressBar } from '../ProgressBar';
import { StatusBadge } from '../StatusBadge';
import { ShownText, UserText } from '../UserText';

/** The run's duration: the stored one, or from its start and end when the store has none (an imported run). */
export function runDuration(run: Pick<RunWithMetricsJson, 'durationSeconds' | 'startedAt' | 'completedAt'>): number | null {
  // null: the server does not know it (no start, or not finished); 0 is a real 0 s or an imported run without one.
  if (run.durationSeconds !== null && run.durationSeconds > 0) return run.durationSeconds;
  if (!run.startedAt || !run.completedAt) return null;
  const ms = Date.parse(run.completedAt) - Date.parse(run.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null;
}

function Stat({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div className="card">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {sub && <div className="muted run-stat-sub">{sub}</div>}
    </div>
  );
}

/** Live progress of a running run: a bar (indeterminate: the run's size is not known before it ends) and items/s. */
function LiveProgress({ run, counts }: { run: RunWithMetricsJson; counts: LiveCounts }) {
  const stored = counts.totalItems;
  return (
    <div className="run-live" aria-live="polite">
      <ProgressBar value={stored} label={`Progress of ${run.name}`} />
      <span className="muted">
        {formatCount(stored)} {stored === 1 ? 'item' : 'items'} stored
        {counts.successRate !== null && ` · ${formatPercent(counts.successRate)} successful`}
        {counts.itemsPerSecond != null && ` · ${counts.itemsPerSecond.toFixed(1)} items/s`}
      </span>
    </div>
  );
}

/** A link to the runs page filtered by one field, e.g. project=alpha. */
function FilterLink({ field, value }: { field: string; value: string | null }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <Link to={`/?${new URLSearchParams({ [field]: value }).toString()}`}>
      <UserText text={value} />
    </Link>
  );
}

/** A run's summary: status (live while it runs), what it evaluated, its numbers, timing, config and environment. */
export function RunSummary({ run }: { run: RunWithMetricsJson }) {
  const live = run.status === 'running';
  // The banner and the cards show one count: the live events' or the last fetch's, whichever is newer.
  const counts = useLiveCounts(run);
  return (
    <section aria-label="Summary" className="run-summary">
      <div className="run-meta">
        <StatusBadge status={run.status} />
        <span>
          project <FilterLink field="project" value={run.projectId} />
        </span>
        <span>
          dataset <FilterLink field="dataset" value={run.datasetName} />
        </span>
        <span>
          model <FilterLink field="model" value={run.modelName} />
          {run.modelVersion && (
            <span className="muted">
              {' '}
              <UserText text={run.modelVersion} />
            </span>
          )}
        </span>
        {run.tags.length > 0 && (
          <span className="run-tags" aria-label="Tags">
            {run.tags.map((tag) => (
              <span key={tag} className="chip">
                <UserText text={tag} />
              </span>
            ))}
          </span>
        )}
      </div>
      {run.description && (
        <p className="run-description">
          <ShownText text={run.description} />
        </p>
      )}
      {live && <LiveProgress run={run} counts={counts} />}
      {run.statusReason && (
        <p className={run.status === 'failed' || run.status === 'abandoned' ? 'run-reason bad' : 'run-reason'}>
          <strong>Status reason:</strong> <ShownText text={run.statusReason} />
        </p>
      )}
      <div className="cards run-cards">
        <Stat label="Items" value={formatCount(counts.totalItems)} sub={`${formatCount(counts.successfulItems)} successful, ${formatCount(counts.failedItems)} failed`} />
        <Stat label="Success rate" value={formatPercent(counts.successRate)} />
        <Stat label="Duration" value={formatDuration(runDuration(run))} />
        <Stat
          label="Avg response time"
          value={formatDuration(run.avgResponseTime)}
          sub={run.minResponseTime === null ? undefined : `min ${formatDuration(run.minResponseTime)} · max ${formatDuration(run.maxResponseTime)}`}
        />
        <Stat label="Tokens" value={formatCount(run.totalTokens)} />
        <Stat label="Cost" value={formatCost(run.totalCost)} />
      </div>
      <dl className="run-timing">
        <div>
          <dt>created</dt>
          <dd>{formatTime(run.createdAt)}</dd>
        </div>
        <div>
          <dt>started</dt>
          <dd>{formatTime(run.startedAt)}</dd>
        </div>
        <div>
          <dt>completed</dt>
          <dd>{formatTime(run.completedAt)}</dd>
        </div>
        {run.createdBy && (
          <div>
            <dt>by</dt>
            <dd>
              <UserText text={run.createdBy} />
            </dd>
          </div>
        )}
        <div>
          <dt>id</dt>
          <dd className="mono">{run.id}</dd>
        </div>
      </dl>
      <div className="run-json">
        <details>
          <summary>Config</summary>
          <JsonOrText value={run.config} label="Config" empty="no config stored" />
        </details>
        <details>
          <summary>Environment</summary>
          <JsonOrText value={run.environment} label="Environment" empty="no environment stored" />
        </details>
        {run.metricConfigs && (
          <details>
            <summary>Metric configs</summary>
            <JsonOrText value={run.metricConfigs} label="Metric configs" />
          </details>
        )}
      </div>
    </section>
  );
}

/** Placeholder of the summary's size while the run loads. */
export function RunSummarySkeleton() {
  return (
    <div aria-hidden="true" className="run-summary">
      <div className="skeleton run-meta-skeleton" />
      <div className="cards run-cards">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="skeleton run-card-skeleton" />
        ))}
      </div>
      <div className="skeleton run-timing-skeleton" />
    </div>
  );
}
