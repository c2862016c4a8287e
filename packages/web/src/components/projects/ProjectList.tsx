import { Link, useNavigate } from 'react-router';
import type { ProjectListJson } from '../../api/types';
import { runPath } from '../../api/client';
import { StatusBadge } from '../StatusBadge';
import { formatCount, formatPercent, formatTime } from '../format';
import { Sparkline } from './Sparkline';
import { rowKeyDown } from './rowKeys';
import { ShownText, UserText } from '../UserText';

type Project = ProjectListJson['projects'][number];

export const projectPath = (id: string) => `/projects/${encodeURIComponent(id)}`;

/** The projects: run count, newest run (linked) and the success rates of recent runs. Rows open with Enter. */
export function ProjectList({ projects }: { projects: Project[] }) {
  const navigate = useNavigate();
  return (
    <div className="table-wrap">
      <table className="data project-table" aria-label="Projects">
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col" className="num">
              Runs
            </th>
            <th scope="col">Latest run</th>
            <th scope="col">Success trend</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => (
            <tr
              key={p.id}
              tabIndex={0}
              data-testid="project-row"
              data-project-id={p.id}
              onKeyDown={(event) => rowKeyDown(event, () => navigate(projectPath(p.id)))}
            >
              <td className="project-name">
                <Link to={projectPath(p.id)}>
                  <UserText text={p.name} truncate />
                </Link>
                {p.name !== p.id && (
                  <span className="muted mono">
                    {' '}
                    <UserText text={p.id} truncate />
                  </span>
                )}
                {p.description && (
                  <div className="muted project-description">
                    <ShownText text={p.description} />
                  </div>
                )}
              </td>
              <td className="num" data-testid="project-runs">
                {formatCount(p.runs)}
              </td>
              <td>
                {p.latestRun ? (
                  <span className="latest-run">
                    <Link to={runPath(p.latestRun.id)}>
                      <UserText text={p.latestRun.name} truncate />
                    </Link> <StatusBadge status={p.latestRun.status} />{' '}
                    <span className="muted hide-narrow">{formatTime(p.latestRun.createdAt)}</span>
                  </span>
                ) : (
                  <span className="muted">no runs yet</span>
                )}
              </td>
              <td>
                <span className="success-trend">
                  <Sparkline values={p.recentSuccessRates} />
                  {p.recentSuccessRates.length > 0 && <span>{formatPercent(p.recentSuccessRates.at(-1))}</span>}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
