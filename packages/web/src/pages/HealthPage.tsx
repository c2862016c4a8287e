import { useQuery } from '@tanstack/react-query';
import { useRunEventListener } from '../hooks/useRunEvents';
import { ErrorPanel } from '../components/ErrorPanel';
import { fetchHealth } from '../components/health/fetchHealth';
import { HealthReport } from '../components/health/HealthReport';
import './HealthPage.css';

/** `/health`: the database the server uses and its state; a 503 (database down) still shows the report. */
export function HealthPage() {
  // A 503 is an answer here, not an error: it is never retried automatically, the Refresh button asks again.
  const query = useQuery({ queryKey: ['health'], queryFn: ({ signal }) => fetchHealth(signal) });
  // Row counts and the latest run change with every run created, finished or deleted.
  useRunEventListener((event) => {
    if (event.type !== 'run.progress') void query.refetch();
  });
  return (
    <div className="page health-page">
      <div className="health-head">
        <h1>Health</h1>
        <button type="button" onClick={() => void query.refetch()} disabled={query.isFetching}>
          {query.isFetching ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {query.isError ? (
        <ErrorPanel title="The health report could not be loaded" error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data ? (
        <div aria-busy="true" aria-label="Loading the health report">
          <div className="skeleton health-verdict-skeleton" />
          <div className="health-facts">
            {Array.from({ length: 9 }, (_, i) => (
              <div key={i} className="skeleton health-fact-skeleton" />
            ))}
          </div>
        </div>
      ) : (
        <HealthReport report={query.data.report} status={query.data.status} />
      )}
    </div>
  );
}
