import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { ItemJson, RunWithMetricsJson } from '../api/types';
import { RunPage } from './RunPage';

const run = {
  id: '98fb6276-9bc0-41e0-9979-a9b6ca41019a',
  name: 'alpha-baseline',
  description: null,
  status: 'completed',
  projectId: 'alpha',
  datasetName: 'capitals-120',
  modelName: 'gpt-4o',
  modelVersion: null,
  taskType: null,
  metricsUsed: ['f1'],
  metricConfigs: null,
  config: { temperature: 0 },
  environment: null,
  tags: [],
  createdBy: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  startedAt: '2026-01-01T00:00:00.000Z',
  completedAt: '2026-01-01T00:01:35.000Z',
  durationSeconds: 0,
  totalItems: 2,
  successfulItems: 1,
  failedItems: 1,
  successRate: 0.5,
  avgResponseTime: 1,
  minResponseTime: 1,
  maxResponseTime: 1,
  totalTokens: 10,
  totalCost: 0,
  writerHost: null,
  writerPid: null,
  heartbeatAt: null,
  statusReason: null,
  metrics: [],
} satisfies RunWithMetricsJson;

const item = (itemId: string, status: ItemJson['status']): ItemJson => ({
  id: Number(itemId.slice(2)),
  runId: run.id,
  itemId,
  sequenceNumber: Number(itemId.slice(2)),
  input: { question: itemId },
  expectedOutput: 'x',
  actualOutput: status === 'failed' ? null : 'answer',
  status,
  errorMessage: null,
  errorType: null,
  startedAt: null,
  completedAt: null,
  responseTime: 1,
  tokensUsed: 5,
  cost: null,
  scores: status === 'failed' ? {} : { f1: 0.8 },
  metadata: null,
  traceId: null,
});

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status });
}

function Location() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

function renderPage(path: string, answer?: (url: URL) => Response | undefined) {
  const requests: URL[] = [];
  vi.stubGlobal('fetch', async (input: string) => {
    const url = new URL(input, 'http://localhost');
    requests.push(url);
    const custom = answer?.(url);
    if (custom) return custom;
    if (url.pathname.endsWith('/items')) {
      const failed = url.searchParams.get('q') === 'failed items' || url.searchParams.getAll('status').includes('failed');
      const items = failed ? [item('q-039', 'failed')] : [item('q-001', 'completed'), item('q-039', 'failed')];
      const explanation = url.searchParams.get('q') === 'failed items' ? 'status is failed' : url.searchParams.has('status') ? 'status is failed' : 'all items';
      return json({ items, total: items.length, nextCursor: null, explanation, warnings: [] });
    }
    return json(run);
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/runs/:run" element={<RunPage />} />
        </Routes>
        <Location />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  const itemRequests = () => requests.filter((url) => url.pathname.endsWith('/items') && !url.searchParams.has('itemId'));
  return { requests, itemRequests };
}

describe('RunPage', () => {
  beforeEach(() => {
    // happy-dom lays nothing out: give the items' scroll box a size so the virtualiser renders rows.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
  });

  it('shows the run named in the URL with its items', async () => {
    const { requests } = renderPage('/runs/alpha-baseline');
    expect(await screen.findByRole('heading', { level: 1, name: 'alpha-baseline' })).toBeTruthy();
    expect(requests[0]!.pathname).toBe('/api/v1/runs/alpha-baseline');
    await waitFor(() => expect(screen.getAllByTestId('item-row')).toHaveLength(2));
    expect(screen.getByText('1m 35s')).toBeTruthy();
    expect(screen.getByTestId('item-query-explanation').textContent).toContain('all items');
  });

  it('sends the query of the URL to the API and shows how it was understood', async () => {
    const { itemRequests } = renderPage('/runs/alpha-baseline?q=failed%20items');
    await waitFor(() => expect(screen.getByTestId('item-query-explanation').textContent).toContain('status is failed'));
    expect(itemRequests().map((url) => url.pathname + url.search)).toEqual([`/api/v1/runs/${run.id}/items?q=failed+items&limit=100`]);
    expect(screen.getAllByTestId('item-row').map((row) => row.dataset.itemId)).toEqual(['q-039']);
    // Quick filters are off while a query is used.
    expect(screen.getByRole('group', { name: /Quick filters/ }).textContent).toContain('off while the query box is used');
    fireEvent.click(screen.getByRole('button', { name: 'clear the query' }));
    expect(screen.getByTestId('location').textContent).toBe('/runs/alpha-baseline');
  });

  it('turns the quick filters into structured filters, in the URL and the request', async () => {
    const { itemRequests } = renderPage('/runs/alpha-baseline');
    await waitFor(() => expect(screen.getAllByTestId('item-row')).toHaveLength(2));
    fireEvent.click(screen.getByRole('button', { name: 'failed' }));
    fireEvent.change(screen.getByLabelText('Minimum score'), { target: { value: '0.2' } });
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/runs/alpha-baseline?status=failed&min=0.2&metric=f1'));
    await waitFor(() => {
      const last = itemRequests().at(-1)!;
      expect(last.searchParams.getAll('status')).toEqual(['failed']);
      expect(last.searchParams.get('metric')).toBe('f1');
      expect(last.searchParams.get('minScore')).toBe('0.2');
      expect(last.searchParams.has('q')).toBe(false);
    });
    // Typing a query replaces the quick filters.
    fireEvent.change(screen.getByLabelText('Item query'), { target: { value: 'slowest 20' } });
    expect(screen.getByTestId('location').textContent).toBe('/runs/alpha-baseline?q=slowest+20');
  });

  it('shows a query the API cannot read in words', async () => {
    renderPage('/runs/alpha-baseline?q=f1%20%3E', (url) =>
      url.searchParams.get('q') === 'f1 >'
        ? json({ error: { code: 'invalid_query', message: '">" needs a value after it (at character 4: "f1 > ")', details: {} } }, 422)
        : undefined,
    );
    expect((await screen.findByRole('alert')).textContent).toBe('The query cannot be read: ">" needs a value after it (at character 4: "f1 > ")');
  });

  it('opens a row in the drawer with the item in the URL, and Escape closes it', async () => {
    renderPage('/runs/alpha-baseline');
    await waitFor(() => expect(screen.getAllByTestId('item-row')).toHaveLength(2));
    const row = screen.getAllByTestId('item-row')[0]!;
    row.focus();
    fireEvent.keyDown(row, { key: 'ArrowDown' });
    fireEvent.keyDown(screen.getAllByTestId('item-row')[1]!, { key: 'Enter' });
    expect(await screen.findByRole('dialog', { name: 'Item q-039' })).toBeTruthy();
    expect(screen.getByTestId('location').textContent).toBe('/runs/alpha-baseline?item=q-039');
    fireEvent.keyDown(document, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByTestId('location').textContent).toBe('/runs/alpha-baseline');
  });

  it('says in words that a run does not exist', async () => {
    renderPage('/runs/nope', () =>
      json({ error: { code: 'run_not_found', message: 'No run is named "nope".', details: {} } }, 404),
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'No run nope' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the runs' }).getAttribute('href')).toBe('/');
  });

  // The API's message repeats the reference as given: a right-to-left override in it would reverse the rest of the line.
  it('shows the control characters of an error message as tokens, in the message as in the heading', async () => {
    renderPage('/runs/%E2%80%AEevil', (url) =>
      url.pathname.endsWith('/items')
        ? undefined
        : json({ error: { code: 'run_not_found', message: 'No run is named "\u202eevil".', details: {} } }, 404),
    );
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('No run ⟨RLO⟩evil');
    expect(document.body.textContent).toContain('No run is named "⟨RLO⟩evil".');
    expect(document.body.textContent).not.toContain('\u202e');
  });

  it('shows the control characters of the items query explanation as tokens', async () => {
    renderPage('/runs/alpha-baseline?q=%E2%80%AEx', (url) =>
      url.pathname.endsWith('/items') ? json({ items: [], total: 0, nextCursor: null, explanation: 'input contains "\u202ex"', warnings: ['"\u202ey" ignored'] }) : undefined,
    );
    await waitFor(() => expect(screen.getByTestId('item-query-explanation').textContent).toContain('input contains "⟨RLO⟩x"'));
    expect(screen.getByTestId('item-query-explanation').textContent).toContain('"⟨RLO⟩y" ignored');
    expect(screen.getByTestId('item-query-explanation').textContent).not.toContain('\u202e');
  });

  it('shows the control characters of any other API error as tokens', async () => {
    renderPage('/runs/broken', () => json({ error: { code: 'internal', message: 'database said \u202egnp.exe', details: {} } }, 500));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('database said ⟨RLO⟩gnp.exe');
    expect(document.body.textContent).not.toContain('\u202e');
  });
});
