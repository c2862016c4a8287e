import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderAt, stubApi } from '../components/projects/testApp';
import { ProjectsPage } from './ProjectsPage';

const PROJECTS = {
  projects: [
    {
      id: 'alpha',
      name: 'alpha',
      description: 'Capitals QA',
      createdAt: '2026-11-01T00:00:00.000Z',
      runs: 3,
      latestRun: { id: 'run-c', name: 'alpha-candidate', status: 'completed', createdAt: '2026-12-01T10:00:00.000Z' },
      recentSuccessRates: [0.975, 0.975],
    },
    { id: 'beta', name: 'beta', description: null, createdAt: null, runs: 1, latestRun: null, recentSuccessRates: [] },
  ],
};

const runJson = (id: string, name: string, status: string) => ({
  id,
  name,
  status,
  projectId: 'alpha',
  datasetName: 'capitals-120',
  modelName: 'gpt-4o',
  metricsUsed: ['f1'],
  tags: [],
  successRate: status === 'completed' ? 0.975 : 0,
  totalItems: 120,
  createdAt: '2026-12-01T10:00:00.000Z',
});

const DETAIL = {
  project: { id: 'alpha', name: 'alpha', description: 'Capitals QA', createdBy: null, createdAt: null, updatedAt: null },
  runCounts: { total: 3, running: 0, completed: 2, failed: 1, cancelled: 0, abandoned: 0, pending: 0 },
  datasets: [{ name: 'capitals-120', runs: 3 }],
  models: [
    { name: 'gpt-4o', runs: 2 },
    { name: 'gpt-4o-mini', runs: 1 },
  ],
  latestRuns: [runJson('run-c', 'alpha-candidate', 'completed'), runJson('run-b', 'alpha-baseline', 'completed'), runJson('run-x', 'alpha-broken', 'failed')],
};

function api() {
  return stubApi((url) => {
    if (url.pathname === '/api/v1/projects') return [200, PROJECTS];
    if (url.pathname === '/api/v1/projects/alpha') return [200, DETAIL];
    return undefined;
  });
}

describe('ProjectsPage', () => {
  it('lists the projects with run counts, the latest run linked and the success trend', async () => {
    api();
    renderAt('/projects', '/projects', <ProjectsPage />);
    const table = await screen.findByRole('table', { name: 'Projects' });
    const [alpha, beta] = within(table).getAllByRole('row').slice(1);
    expect(within(alpha!).getByRole('link', { name: 'alpha' }).getAttribute('href')).toBe('/projects/alpha');
    expect(within(alpha!).getByTestId('project-runs').textContent).toBe('3');
    expect(within(alpha!).getByRole('link', { name: 'alpha-candidate' }).getAttribute('href')).toBe('/runs/run-c');
    expect(within(alpha!).getByRole('img', { name: /success rate of the last 2 completed runs/ })).toBeTruthy();
    expect(within(beta!).getByTestId('project-runs').textContent).toBe('1');
    expect(within(beta!).getByText('no runs yet')).toBeTruthy();
    expect(screen.getByText('2 projects')).toBeTruthy();
  });

  it('filters the list by the text in the URL and opens a project with Enter', async () => {
    api();
    renderAt('/projects?filter=capitals', '/projects', <ProjectsPage />);
    const table = await screen.findByRole('table', { name: 'Projects' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(screen.getByText('1 of 2 projects')).toBeTruthy();
    fireEvent.keyDown(within(table).getAllByRole('row')[1]!, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/projects/alpha'));
  });

  it('shows one project: runs per status, datasets and models, its newest runs and a link to all its runs', async () => {
    api();
    renderAt('/projects/alpha', '/projects/:project', <ProjectsPage />);
    const runs = await screen.findByRole('table', { name: 'Latest runs of alpha' });
    expect(within(runs).getAllByRole('link').map((a) => a.textContent)).toEqual(['alpha-candidate', 'alpha-baseline', 'alpha-broken']);
    expect(screen.getByTestId('project-total-runs').textContent).toBe('3');
    expect(screen.getByRole('link', { name: /All 3 runs of alpha/ }).getAttribute('href')).toBe('/?project=alpha');
    expect(screen.getByRole('link', { name: 'gpt-4o-mini' }).getAttribute('href')).toBe('/?project=alpha&model=gpt-4o-mini');
    fireEvent.keyDown(within(runs).getAllByRole('row')[2]!, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/runs/run-b'));
  });

  it('cuts long run, dataset and model names in the latest runs (whole in the title) and isolates every stored name', async () => {
    const long = (c: string) => c.repeat(255);
    const detail = {
      ...DETAIL,
      datasets: [{ name: long('d'), runs: 1 }],
      latestRuns: [{ ...runJson('run-l', long('n'), 'completed'), datasetName: long('d'), modelName: long('m') }],
    };
    stubApi((url) => (url.pathname === '/api/v1/projects/alpha' ? [200, detail] : undefined));
    renderAt('/projects/alpha', '/projects/:project', <ProjectsPage />);
    const runs = await screen.findByRole('table', { name: 'Latest runs of alpha' });
    const cut = [...runs.querySelectorAll('tbody bdi.user-text.truncate')].map((b) => b.getAttribute('title'));
    expect(cut).toEqual([long('n'), long('d'), long('m')]);
    // Outside the table the dataset wraps (in its card) rather than being cut; the project's name is isolated too.
    expect(screen.getByRole('link', { name: long('d') }).querySelector('bdi.user-text:not(.truncate)')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).querySelector('bdi')?.textContent).toBe('alpha');
    expect(screen.getByRole('navigation', { name: 'Breadcrumb' }).querySelector('bdi')?.textContent).toBe('alpha');
  });

  it('says when a project does not exist', async () => {
    api();
    renderAt('/projects/nope', '/projects/:project', <ProjectsPage />);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Project not found')).toBeTruthy();
  });
});
