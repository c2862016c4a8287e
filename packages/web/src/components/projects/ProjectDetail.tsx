import { Link, useNavigate } from 'react-router';
import type { ProjectDetailJson, RunJson } from '../../api/types';
import { runPath } from '../../api/client';
import { StatusBadge } from '../StatusBadge';
import { formatCount, formatPercent, formatTime, runSuccessRate } from '../format';
import { Sparkline } from './Sparkline';
import { rowKeyDown } from './rowKeys';
import { ShownText, UserText } from '../UserText';

/** A run's states in the order the counts show them: every state a run can be in (typed from the API's run schema). */
const STATES = Object.keys({
  completed: true,
  running: true,
  failed: true,
  cancelled: true,
  abandoned: true,
} satisfies Record<RunJson['status'], true>) as Array<RunJson['status']>;

/** `/?project=<id>` plus more filters: the runs page filtered to this project. */
function runsHref(project: string, extra: Record<string, string> = {}): string {
  return `/?${new URLSearchParams({ project, ...extra }).toString()}`;
}

/** One project: runs per status, its datasets and models, the newest runs, and links to all its runs and its trends. */
export function ProjectDetail({ detail }: { detail: ProjectDetailJson }) {
  const navigate = useNavigate();
  const { project, runCounts, datasets, models, latestRuns } = detail;
  const counts = runCounts as Record<string, number>;
  // The newest runs arrive newest first; the sparkline reads oldest first, completed runs only (as on the list).
  const rates = latestRuns.filter((r) => r.status === 'completed').map((r) => r.successRate).reverse();
  return (
    <>
      {project.description && (
        <p className="project-description">
          <ShownText text={project.description} />
        </p>
      )}
      <div className="toolbar">
        <Link to={runsHref(project.id)}>All {formatCount(runCounts.total)} runs of <UserText text={project.name} /> →</Link>
        <Link to={`/trends?${new URLSearchParams({ project: project.id }).toString()}`}>Trends of <UserText text={project.name} /> →</Link>
      </div>
      <div className="cards project-cards">
        <div className="card">
          <div className="stat-label">Runs</div>
          <div className="stat-value" data-testid="project-total-runs">
            {formatCount(runCounts.total)}
          </div>
        </div>
        {STATES.filter((s) => (counts[s] ?? 0) > 0).map((s) => (
          <div className="card" key={s}>
            <div className="stat-label">{s}</div>
            <div className="stat-value">{formatCount(counts[s])}</div>
          </div>
        ))}
        <div className="card">
          <div className="stat-label">Success trend</div>
          <div className="stat-value success-trend">
            <Sparkline values={rates} />
            {rates.length > 0 && <span>{formatPercent(rates.at(-1))}</span>}
          </div>
        </div>
      </div>
      <div className="project-usage">
        <UsageList title="Datasets" items={datasets} href={(name) => runsHref(project.id, { dataset: name })} />
        <UsageList title="Models" items={models} href={(name) => runsHref(project.id, { model: name })} />
      </div>
      <h2>Latest runs</h2>
      {latestRuns.length === 0 ? (
        <p className="muted">
          No runs yet — record one with <code>llm-eval evaluate --project {project.id}</code>.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label={`Latest runs of ${project.name}`}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col" className="hide-narrow">
                  Dataset
                </th>
                <th scope="col" className="hide-narrow">
                  Model
                </th>
                <th scope="col" className="num">
                  Success
                </th>
                <th scope="col" className="num hide-narrow">
                  Items
                </th>
                <th scope="col" className="hide-narrow">
                  Created
                </th>
              </tr>
            </thead>
            <tbody>
              {latestRuns.map((run) => (
                <tr
                  key={run.id}
                  tabIndex={0}
                  data-testid="project-run-row"
                  data-run-name={run.name}
                  onKeyDown={(event) => rowKeyDown(event, () => navigate(runPath(run.id)))}
                >
                  <td>
                    <Link to={runPath(run.id)}>
                      <UserText text={run.name} truncate />
                    </Link>
                  </td>
                  <td>
                    <StatusBadge status={run.status} />
                  </td>
                  <td className="hide-narrow">{run.datasetName ? <UserText text={run.datasetName} truncate /> : '—'}</td>
                  <td className="hide-narrow">{run.modelName ? <UserText text={run.modelName} truncate /> : '—'}</td>
                  <td className="num">{formatPercent(runSuccessRate(run))}</td>
                  <td className="num hide-narrow">{formatCount(run.totalItems)}</td>
                  <td className="hide-narrow">{formatTime(run.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function UsageList({ title, items, href }: { title: string; items: Array<{ name: string; runs: number }>; href: (name: string) => string }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      {items.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ul className="usage-list">
          {items.map((item) => (
            <li key={item.name}>
              <Link to={href(item.name)}>
                <UserText text={item.name} />
              </Link> <span className="muted">{formatCount(item.runs)} run{item.runs === 1 ? '' : 's'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
