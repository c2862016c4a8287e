import { Link } from 'react-router';
import type { HealthReportJson } from '../../api/types';
import { runPath } from '../../api/client';
import { StatusBadge } from '../StatusBadge';
import { formatCount, formatTime } from '../format';
import { formatBytes } from './formatBytes';
import { DASHBOARD_VERSION } from './dashboardVersion';
import { ShownText, UserText } from '../UserText';

const BACKENDS: Record<HealthReportJson['backend'], string> = { sqlite: 'SQLite', postgres: 'PostgreSQL', unknown: 'unknown' };

/** What a token limited to some projects is told in place of the facts about every project. */
const WITHHELD = 'not shown to a token limited to projects';

/** Table names as words ("evaluation_runs" → "evaluation runs"). */
const tableName = (name: string) => name.replace(/_/g, ' ');

/**
 * The database report of `llm-eval db health`: backend, URL (as the API gives it — already without its password),
 * reachability, schema and migrations, row counts, size and the newest run. `status` 503 shows the error first.
 * What the database holds (the newest run's name, the error, which may quote it) is shown with its control characters
 * visible (UserText, ShownText), as on every other page.
 */
export function HealthReport({ report, status }: { report: HealthReportJson; status: number }) {
  const ok = report.ok && status < 400;
  // The server leaves out the row counts, size and newest run for a token limited to some projects (they describe
  // every project), and its answer does not say so otherwise: a healthy database always has tables to count, so no
  // counts beside a healthy verdict means withheld, not empty or unreadable.
  const withheld = ok && report.reachable && Object.keys(report.rowCounts).length === 0;
  return (
    <>
      <div className={ok ? 'health-verdict card good' : 'health-verdict card bad'} role="status" data-testid="health-verdict">
        <strong>{ok ? 'The database is healthy.' : 'The database is not usable.'}</strong>
        {report.error && (
          <p className="health-error">
            <ShownText text={report.error} />
          </p>
        )}
        {!ok && !report.error && status >= 400 && <p className="health-error">The server answered HTTP {status}.</p>}
      </div>
      <dl className="health-facts">
        <Fact label="Backend" testId="health-backend">
          {BACKENDS[report.backend]} <span className="muted mono">({report.backend})</span>
        </Fact>
        <Fact label="Database URL" testId="health-url">
          <code className="health-url">
            <ShownText text={report.url} />
          </code>
        </Fact>
        <Fact label="Reachable">{report.reachable ? <span className="good">yes</span> : <span className="bad">no</span>}</Fact>
        <Fact label="Latency">{report.latencyMs === null ? '—' : `${report.latencyMs.toFixed(report.latencyMs < 10 ? 2 : 0)} ms`}</Fact>
        <Fact label="Schema version" testId="health-schema">
          <code>{report.schemaVersion === null ? 'none (no migration applied)' : <ShownText text={report.schemaVersion} />}</code>
        </Fact>
        <Fact label="Migrations">
          {formatCount(report.appliedMigrations.length)} applied,{' '}
          <span className={report.pendingMigrations.length ? 'warning' : undefined}>{formatCount(report.pendingMigrations.length)} pending</span>
          {report.pendingMigrations.length > 0 && (
            <span className="muted">
              {' '}
              — run <code>llm-eval db migrate</code>
            </span>
          )}
        </Fact>
        <Fact label="Size">{withheld && report.sizeBytes === null ? <span className="muted">{WITHHELD}</span> : formatBytes(report.sizeBytes)}</Fact>
        <Fact label="Latest run" testId="health-latest-run">
          {report.latestRun ? (
            <>
              <Link to={runPath(report.latestRun.id)}>
                <UserText text={report.latestRun.name} />
              </Link> <StatusBadge status={report.latestRun.status} />{' '}
              <span className="muted">{formatTime(report.latestRun.createdAt)}</span>
            </>
          ) : (
            <span className="muted">{withheld ? WITHHELD : 'no runs yet'}</span>
          )}
        </Fact>
        <Fact label="Dashboard">
          version <code>{DASHBOARD_VERSION}</code>
        </Fact>
      </dl>
      <div className="health-columns">
        <section data-testid="health-rows">
          <h2>Rows</h2>
          {withheld ? (
            <p className="muted">Row counts: {WITHHELD} (they cover every project).</p>
          ) : Object.keys(report.rowCounts).length === 0 ? (
            <p className="muted">No row counts (the database could not be read).</p>
          ) : (
            <div className="table-wrap">
              <table className="data" aria-label="Rows per table">
                <thead>
                  <tr>
                    <th scope="col">Table</th>
                    <th scope="col" className="num">
                      Rows
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(report.rowCounts).map(([table, rows]) => (
                    <tr key={table}>
                      <td>{tableName(table)}</td>
                      <td className="num">{formatCount(rows)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section>
          <h2>Migrations</h2>
          <ul className="health-migrations">
            {report.appliedMigrations.map((m) => (
              <li key={m}>
                <span className="good" aria-hidden="true">
                  ✓
                </span>{' '}
                <code>
                  <ShownText text={m} />
                </code>{' '}
                <span className="muted">applied</span>
              </li>
            ))}
            {report.pendingMigrations.map((m) => (
              <li key={m}>
                <span className="warning" aria-hidden="true">
                  …
                </span>{' '}
                <code>
                  <ShownText text={m} />
                </code>{' '}
                <span className="warning">pending</span>
              </li>
            ))}
            {report.appliedMigrations.length + report.pendingMigrations.length === 0 && <li className="muted">none known</li>}
          </ul>
        </section>
      </div>
    </>
  );
}

function Fact({ label, testId, children }: { label: string; testId?: string; children: React.ReactNode }) {
  return (
    <div className="health-fact card">
      <dt className="stat-label">{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}
