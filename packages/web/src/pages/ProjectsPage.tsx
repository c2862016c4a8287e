import { Link } from 'react-router';
import { usePathParam } from '../hooks/usePathParam';
import { useQuery } from '@tanstack/react-query';
import { getProject, listProjects } from '../api/endpoints';
import { ApiRequestError } from '../api/client';
import { ErrorPanel } from '../components/ErrorPanel';
import { useUrlState } from '../hooks/useUrlState';
import { ProjectList } from '../components/projects/ProjectList';
import { ProjectDetail } from '../components/projects/ProjectDetail';
import { UserText } from '../components/UserText';
import './ProjectsPage.css';

/** `/projects` (the list) and `/projects/:project` (one project). */
export function ProjectsPage() {
  const project = usePathParam('/projects/') || undefined;
  return project ? <OneProject id={project} /> : <AllProjects />;
}

function AllProjects() {
  const url = useUrlState();
  const filter = url.get('filter') ?? '';
  const query = useQuery({ queryKey: ['projects'], queryFn: ({ signal }) => listProjects(signal) });
  const needle = filter.trim().toLowerCase();
  const projects = (query.data?.projects ?? []).filter(
    (p) => !needle || p.id.toLowerCase().includes(needle) || p.name.toLowerCase().includes(needle) || (p.description ?? '').toLowerCase().includes(needle),
  );
  return (
    <div className="page projects-page">
      <h1>Projects</h1>
      <div className="toolbar">
        <input
          type="search"
          aria-label="Filter projects"
          placeholder="Filter projects"
          value={filter}
          onChange={(e) => url.set({ filter: e.target.value })}
        />
        {query.data && (
          <span className="muted">
            {projects.length === query.data.projects.length
              ? `${query.data.projects.length} project${query.data.projects.length === 1 ? '' : 's'}`
              : `${projects.length} of ${query.data.projects.length} projects`}
          </span>
        )}
      </div>
      {query.isError ? (
        <ErrorPanel title="The projects could not be loaded" error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data ? (
        <TableSkeleton rows={4} />
      ) : query.data.projects.length === 0 ? (
        <p className="card muted">
          No projects yet — runs recorded with <code>llm-eval evaluate --project &lt;id&gt;</code> create them.
        </p>
      ) : projects.length === 0 ? (
        <p className="card muted">No project matches “{filter}”.</p>
      ) : (
        <ProjectList projects={projects} />
      )}
    </div>
  );
}

function OneProject({ id }: { id: string }) {
  const query = useQuery({ queryKey: ['projects', id], queryFn: ({ signal }) => getProject(id, signal) });
  const notFound = query.error instanceof ApiRequestError && query.error.status === 404;
  return (
    <div className="page projects-page">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/projects">Projects</Link> / <UserText text={id} />
      </nav>
      <h1>
        <UserText text={query.data?.project.name ?? id} />
      </h1>
      {query.isError ? (
        <ErrorPanel
          title={notFound ? 'Project not found' : 'The project could not be loaded'}
          error={query.error}
          onRetry={notFound ? undefined : () => void query.refetch()}
        />
      ) : !query.data ? (
        <>
          <div className="skeleton" style={{ height: 30, margin: '8px 0' }} />
          <div className="skeleton" style={{ height: 72 }} />
          <TableSkeleton rows={5} />
        </>
      ) : (
        <ProjectDetail detail={query.data} />
      )}
    </div>
  );
}

/** Rows of the final height while a table loads, so nothing jumps when it arrives. */
function TableSkeleton({ rows }: { rows: number }) {
  return (
    <div className="table-skeleton" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows + 1 }, (_, i) => (
        <div key={i} className="skeleton" />
      ))}
    </div>
  );
}
