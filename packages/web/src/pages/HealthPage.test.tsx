import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderAt, stubApi } from '../components/projects/testApp';
import { HealthPage } from './HealthPage';

const HEALTHY = {
  ok: true,
  backend: 'postgres',
  url: 'postgres://llm:***@db.internal:5432/evals',
  reachable: true,
  latencyMs: 1.234,
  schemaVersion: 'ComparisonChunks1799000000000',
  appliedMigrations: ['InitialSchema1764250000000', 'ComparisonChunks1799000000000'],
  pendingMigrations: [],
  rowCounts: { projects: 2, evaluation_runs: 4, evaluation_items: 275 },
  sizeBytes: 381_368,
  latestRun: { id: 'run-c', name: 'alpha-candidate', status: 'completed', createdAt: '2026-12-01T10:00:00.000Z' },
};

describe('HealthPage', () => {
  it('shows the backend, the URL as given, schema version, migrations, row counts and the latest run', async () => {
    stubApi((url) => (url.pathname === '/api/v1/health' ? [200, HEALTHY] : undefined));
    renderAt('/health', '/health', <HealthPage />);
    expect((await screen.findByTestId('health-verdict')).textContent).toContain('The database is healthy.');
    expect(screen.getByTestId('health-backend').textContent).toContain('PostgreSQL');
    expect(screen.getByTestId('health-url').textContent).toBe('postgres://llm:***@db.internal:5432/evals');
    expect(screen.getByTestId('health-schema').textContent).toBe('ComparisonChunks1799000000000');
    expect(screen.getByText(/2 applied/)).toBeTruthy();
    expect(screen.getByText('372.4 KB')).toBeTruthy();
    const rows = screen.getByRole('table', { name: 'Rows per table' });
    expect(within(rows).getByRole('row', { name: 'evaluation items 275' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'alpha-candidate' }).getAttribute('href')).toBe('/runs/run-c');
  });

  // A run name, or a database error quoting one, is stored text: an override (U+202E) in it must not reverse the line.
  it('shows control characters in the latest run name and the database error as tokens', async () => {
    const latestRun = { ...HEALTHY.latestRun, name: 'abc\u202egnp.exe' };
    stubApi((url) => (url.pathname === '/api/v1/health' ? [503, { ...HEALTHY, ok: false, latestRun, error: 'relation "\u202eruns" is locked' }] : undefined));
    renderAt('/health', '/health', <HealthPage />);
    expect((await screen.findByTestId('health-verdict')).textContent).toContain('relation "⟨RLO⟩runs" is locked');
    const link = within(screen.getByTestId('health-latest-run')).getByRole('link');
    expect(link.textContent).toBe('abc⟨RLO⟩gnp.exe');
    expect(link.getAttribute('href')).toBe('/runs/run-c');
    expect(document.body.textContent).not.toContain('\u202e');
  });

  it('still shows the report of a 503, with the database error in words', async () => {
    stubApi((url) =>
      url.pathname === '/api/v1/health'
        ? [
            503,
            {
              ...HEALTHY,
              ok: false,
              reachable: false,
              latencyMs: null,
              schemaVersion: null,
              appliedMigrations: [],
              rowCounts: {},
              sizeBytes: null,
              latestRun: null,
              error: 'connect ECONNREFUSED 127.0.0.1:5432',
            },
          ]
        : undefined,
    );
    renderAt('/health', '/health', <HealthPage />);
    const verdict = await screen.findByTestId('health-verdict');
    expect(verdict.textContent).toContain('The database is not usable.');
    expect(verdict.textContent).toContain('connect ECONNREFUSED 127.0.0.1:5432');
    expect(screen.getByTestId('health-backend').textContent).toContain('PostgreSQL');
    expect(screen.getByText('no')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('explains an unreachable server with Retry', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    renderAt('/health', '/health', <HealthPage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('could not be reached');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('does not call a healthy database empty or unreadable when the token is limited to projects (no counts, no latest run)', async () => {
    // What the server answers a token scoped to projects: the report without what describes every project.
    stubApi((url) => (url.pathname === '/api/v1/health' ? [200, { ...HEALTHY, rowCounts: {}, sizeBytes: null, latestRun: null }] : undefined));
    renderAt('/health', '/health', <HealthPage />);
    expect((await screen.findByTestId('health-verdict')).textContent).toContain('The database is healthy.');
    const latest = screen.getByTestId('health-latest-run');
    expect(latest.textContent).not.toContain('no runs yet');
    expect(latest.textContent).toContain('not shown to a token limited to projects');
    expect(screen.queryByText(/could not be read/)).toBeNull();
    expect(screen.getByTestId('health-rows').textContent).toContain('not shown to a token limited to projects');
  });
});
