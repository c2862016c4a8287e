import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderAt, stubApi } from '../components/projects/testApp';
import { TrendsPage } from './TrendsPage';

const run = (id: string, name: string, metricsUsed: string[], extra: Record<string, unknown> = {}) => ({
  id,
  name,
  metricsUsed,
  status: 'completed',
  projectId: 'alpha',
  datasetName: 'capitals-120',
  modelName: 'gpt-4o',
  ...extra,
});
const page = (runs: unknown[]) => ({ runs, total: runs.length, nextCursor: null, filter: null, sort: { field: 'createdAt', direction: 'desc' }, explanation: '', warnings: [] });

const TREND = {
  metric: 'f1',
  bucket: 'day',
  since: '2026-11-01T00:00:00.000Z',
  points: [
    { bucket: '2026-11-29', mean: 0.6992, min: 0.6992, max: 0.6992, runs: 1 },
    { bucket: '2026-12-01', mean: 0.75, min: 0.7, max: 0.8, runs: 2 },
  ],
};

function api(trend: unknown = TREND) {
  return stubApi((url) => {
    if (url.pathname === '/api/v1/projects') return [200, { projects: [{ id: 'alpha' }, { id: 'beta' }] }];
    if (url.pathname === '/api/v1/trends') return [200, trend];
    if (url.pathname === '/api/v1/runs') {
      // The lookup of a one-run bucket asks for that bucket's runs.
      if (url.searchParams.get('createdAfter')) return [200, page([run('run-1', 'alpha-baseline', ['exact_match', 'f1'])])];
      return [200, page([run('run-2', 'b', ['f1', 'exact_match']), run('run-1', 'a', ['f1'])])];
    }
    return undefined;
  });
}

describe('TrendsPage', () => {
  it('asks for the trend of the URL and lists its points newest first', async () => {
    const fetch = api();
    renderAt('/trends?metric=f1&project=alpha&since=30d', '/trends', <TrendsPage />);
    const table = await screen.findByRole('table', { name: /Mean f1 per day/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['2026-12-01', '2026-11-29']);
    expect(within(rows[0]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2026-12-01', '0.75', '0.7', '0.8', '2']);
    const trendCall = fetch.mock.calls.map(([u]) => new URL(String(u), 'http://x')).find((u) => u.pathname === '/api/v1/trends')!;
    expect(Object.fromEntries(trendCall.searchParams)).toEqual({ metric: 'f1', project: 'alpha', since: '30d', bucket: 'day' });
    expect(screen.getByText(/3 completed runs in 2 days/)).toBeTruthy();
  });

  it('puts the most used metric of recent runs in the URL when none is given', async () => {
    api();
    renderAt('/trends', '/trends', <TrendsPage />);
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/trends?metric=f1'));
    expect((screen.getByLabelText('Metric') as HTMLSelectElement).value).toBe('f1');
  });

  it('opens the run of a one-run point with Enter', async () => {
    api();
    renderAt('/trends?metric=f1&project=alpha', '/trends', <TrendsPage />);
    const oneRun = await screen.findByRole('row', { name: /2026-11-29/ });
    fireEvent.keyDown(oneRun, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/runs/run-1'));
  });

  it('sends a bucket of several runs to the runs page filtered to its day', async () => {
    api();
    renderAt('/trends?metric=f1&project=alpha', '/trends', <TrendsPage />);
    fireEvent.click(await screen.findByRole('row', { name: /2026-12-01/ }));
    const location = new URL(screen.getByTestId('location').textContent!, 'http://x');
    expect(location.pathname).toBe('/');
    expect(location.searchParams.get('project')).toBe('alpha');
    expect(location.searchParams.get('createdAfter')).toBe('2026-12-01T00:00:00.000Z');
    expect(location.searchParams.get('createdBefore')).toBe('2026-12-02T00:00:00.000Z');
  });

  it('says so when no completed run has the metric', async () => {
    api({ ...TREND, points: [] });
    renderAt('/trends?metric=bleu', '/trends', <TrendsPage />);
    // The metric's name is a <bdi>; happy-dom gives it no display, so the accessible name would pad it with spaces.
    const heading = await screen.findByRole('heading', { name: /No completed runs with the metric/ });
    expect(heading.textContent).toBe('No completed runs with the metric “bleu” here');
  });

  it("shows the API's note naming the closest stored metric when the URL's metric is misspelt", async () => {
    const note = 'no run has the metric "exact_mach"; did you mean "exact_match"?';
    api({ ...TREND, metric: 'exact_mach', points: [], warnings: [note] });
    renderAt('/trends?metric=exact_mach', '/trends', <TrendsPage />);
    await screen.findByRole('heading', { name: /No completed runs with the metric/ });
    expect(screen.getByRole('note').textContent).toBe(note);
  });

  it('shows an API error in words with Retry', async () => {
    stubApi((url) =>
      url.pathname === '/api/v1/trends'
        ? [400, { error: { code: 'invalid_request', message: 'since must be an ISO 8601 date or an age', details: {} } }]
        : [200, url.pathname === '/api/v1/runs' ? page([]) : { projects: [] }],
    );
    renderAt('/trends?metric=f1&since=soon', '/trends', <TrendsPage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('since must be an ISO 8601 date or an age');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});
