import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunJson, RunPageJson } from '../api/types';
import { RunEventsProvider, RunEventStream } from '../hooks/useRunEvents';
import { RunsPage } from './RunsPage';
import { runListQuery } from '../components/runs/useRunList';
import { listParams } from '../components/runs/runFilters';

function run(id: string, name: string, extra: Partial<RunJson> = {}): RunJson {
  return {
    id, name, description: null, status: 'completed', projectId: 'alpha', datasetName: 'capitals', modelName: 'gpt-4o', modelVersion: null,
    taskType: null, metricsUsed: ['f1'], metricConfigs: null, config: null, environment: null, tags: [], createdBy: null,
    createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z', startedAt: null, completedAt: null, durationSeconds: 12,
    totalItems: 120, successfulItems: 117, failedItems: 3, successRate: 0.975, avgResponseTime: 1.2, minResponseTime: 0.2, maxResponseTime: 2,
    totalTokens: 0, totalCost: 0, writerHost: null, writerPid: null, heartbeatAt: null, statusReason: null, ...extra,
  };
}

const RUNS = [
  run('c0ffee01', 'alpha-candidate', { createdAt: '2026-12-02T10:00:00.000Z', modelName: 'gpt-4o-mini' }),
  run('ba5e0001', 'alpha-baseline', { createdAt: '2026-11-30T10:00:00.000Z' }),
  run('be7a0001', 'beta-nightly', { projectId: 'beta', createdAt: '2026-12-01T10:00:00.000Z' }),
];

function page(runs: RunJson[], extra: Partial<RunPageJson> = {}): RunPageJson {
  return { runs, total: runs.length, nextCursor: null, filter: null, sort: { field: 'createdAt', direction: 'desc' }, explanation: 'all runs', warnings: [], ...extra };
}

type Handler = (url: URL, init?: RequestInit) => { status?: number; body: unknown };
let handler: Handler;
const requests: Array<{ url: URL; method: string }> = [];

beforeEach(() => {
  requests.length = 0;
  // happy-dom lays nothing out; the virtualised table needs a box with a size to render rows into.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200);
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(input, 'http://localhost');
      requests.push({ url, method: init?.method ?? 'GET' });
      const { status = 200, body } = handler(url, init);
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    }),
  );
  // A plain list: the project filter works, everything else lists every run.
  handler = (url) => {
    const project = url.searchParams.get('project');
    return { body: page(project ? RUNS.filter((r) => r.projectId === project) : RUNS, { explanation: project ? `project is ${project}` : 'all runs' }) };
  };
});

function Where() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

function renderPage(url = '/', prime?: (queryClient: QueryClient) => void) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  prime?.(queryClient);
  const stream = new RunEventStream('ws://test', queryClient);
  render(
    <QueryClientProvider client={queryClient}>
      <RunEventsProvider stream={stream}>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path="/" element={<RunsPage />} />
            <Route path="*" element={null} />
          </Routes>
          <Where />
        </MemoryRouter>
      </RunEventsProvider>
    </QueryClientProvider>,
  );
  return { stream, queryClient };
}

const rowOf = (name: string) => document.querySelector<HTMLElement>(`[data-testid="run-row"][data-run-name="${name}"]`);
const location = () => screen.getByTestId('location').textContent;

describe('RunsPage', () => {
  it('lists the runs with links to each run and the total', async () => {
    renderPage();
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(3));
    expect(screen.getByRole('link', { name: 'alpha-baseline' }).getAttribute('href')).toBe('/runs/ba5e0001');
    expect(screen.getByTestId('runs-total').textContent).toBe('3 runs');
  });

  it('explains the query as it is typed, lists ignored words, and shows a 422 under the box keeping the rows', async () => {
    handler = (url) => {
      const q = url.searchParams.get('q');
      if (q === 'f1 above abc') {
        return { status: 422, body: { error: { code: 'invalid_query', message: 'expected a number after "above"', details: { position: 9 } } } };
      }
      return q
        ? { body: page(RUNS.slice(0, 1), { explanation: 'status is failed AND project is alpha', warnings: ['searching for "zebra" as text'] }) }
        : { body: page(RUNS) };
    };
    renderPage();
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(3));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search runs' }), { target: { value: 'failed runs in project alpha zebra' } });
    await waitFor(() => expect(screen.getByTestId('understood').textContent).toBe('Understood: status is failed AND project is alpha'), { timeout: 4000 });
    expect(screen.getByTestId('ignored').textContent).toContain('zebra');
    expect(screen.getAllByTestId('run-row')).toHaveLength(1);
    expect(location()).toBe('/?q=failed+runs+in+project+alpha+zebra');

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search runs' }), { target: { value: 'f1 above abc' } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('expected a number after "above"'), { timeout: 4000 });
    expect(screen.getByRole('alert').querySelector('mark')?.textContent).toBe('a');
    // The previous answer stays on screen, no page error replaces it.
    expect(screen.getAllByTestId('run-row')).toHaveLength(1);
  });

  // The API's explanation, warnings and errors quote the words of q, which a link can fill with any character.
  it('shows control characters quoted by the explanation, the warnings and a 422 as tokens', async () => {
    handler = (url) => {
      const q = url.searchParams.get('q') ?? '';
      if (q.includes('above')) return { status: 422, body: { error: { code: 'invalid_query', message: 'no number after "\u202eabove"', details: {} } } };
      return { body: page(RUNS, q ? { explanation: 'name contains "\u202egnp"', warnings: ['searching for "\u202ezebra" as text'] } : {}) };
    };
    renderPage('/?q=%E2%80%AEgnp+%E2%80%AEzebra');
    await waitFor(() => expect(screen.getByTestId('understood').textContent).toBe('Understood: name contains "⟨RLO⟩gnp"'));
    expect(screen.getByTestId('ignored').textContent).toContain('searching for "⟨RLO⟩zebra" as text');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search runs' }), { target: { value: '\u202eabove' } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('no number after "⟨RLO⟩above"'), { timeout: 4000 });
    expect(screen.getByRole('alert').textContent).not.toContain('\u202e');
    expect(screen.getByTestId('runs-total').parentElement!.parentElement!.textContent).not.toContain('\u202e');
  });

  it('adds a chip when a value in the table is clicked, narrows the list, and removes it again', async () => {
    renderPage();
    await waitFor(() => expect(rowOf('beta-nightly')).not.toBeNull());
    fireEvent.click(within(rowOf('beta-nightly')!).getByRole('button', { name: 'beta' }));
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(1));
    expect(screen.getByRole('list', { name: 'Filters' }).textContent).toContain('project: beta');
    expect(location()).toBe('/?project=beta');
    expect(requests.at(-1)!.url.searchParams.get('project')).toBe('beta');
    fireEvent.click(screen.getByRole('button', { name: 'Remove filter project beta' }));
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(3));
    expect(screen.queryByRole('list', { name: 'Filters' })).toBeNull();
  });

  it('sorts by a clicked column header, flipping on the second click', async () => {
    renderPage();
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'Success' }));
    await waitFor(() => expect(location()).toBe('/?sort=successRate%3Adesc'));
    expect(requests.at(-1)!.url.searchParams.get('sort')).toBe('successRate:desc');
    fireEvent.click(screen.getByRole('button', { name: 'Success' }));
    await waitFor(() => expect(location()).toBe('/?sort=successRate%3Aasc'));
  });

  it('offers tokens and cost in the sort menu, asks the API for that order, and shows it in the menu and the column', async () => {
    const totals: Record<string, Partial<RunJson>> = {
      'alpha-candidate': { totalTokens: 1200, totalCost: 0.02 },
      'alpha-baseline': { totalTokens: 90_000, totalCost: 1.5 },
      'beta-nightly': { totalTokens: 0, totalCost: 0 },
    };
    const runs = RUNS.map((r) => ({ ...r, ...totals[r.name] }));
    // The fake API sorts as the real one does, and answers in the order it was asked for.
    handler = (url) => {
      const [field = 'createdAt', direction = 'desc'] = (url.searchParams.get('sort') ?? '').split(':').filter(Boolean);
      const key = field as 'totalTokens' | 'totalCost';
      const sorted = field.startsWith('total') ? [...runs].sort((a, b) => (direction === 'asc' ? a[key] - b[key] : b[key] - a[key])) : runs;
      return { body: page(sorted, { sort: { field: field as 'createdAt', direction: direction as 'desc' } }) };
    };
    renderPage();
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(3));
    const menu = screen.getByRole('combobox', { name: 'Sort runs' }) as HTMLSelectElement;
    expect(menu.value).toBe('createdAt:desc');
    const offered = [...menu.options].map((o) => `${o.value} ${o.textContent}`);
    expect(offered).toEqual(expect.arrayContaining(['totalTokens:desc Most tokens', 'totalTokens:asc Fewest tokens', 'totalCost:desc Most expensive', 'totalCost:asc Cheapest']));
    expect(rowOf('alpha-baseline')!.textContent).toContain('90,000');
    expect(rowOf('alpha-baseline')!.textContent).toContain('$1.50');

    fireEvent.change(menu, { target: { value: 'totalTokens:desc' } });
    await waitFor(() => expect(location()).toBe('/?sort=totalTokens%3Adesc'));
    expect(requests.at(-1)!.url.searchParams.get('sort')).toBe('totalTokens:desc');
    await waitFor(() => expect(screen.getAllByTestId('run-row').map((r) => r.dataset.runName)).toEqual(['alpha-baseline', 'alpha-candidate', 'beta-nightly']));
    expect(menu.value).toBe('totalTokens:desc');
    expect(screen.getByRole('columnheader', { name: /Tokens/ }).getAttribute('aria-sort')).toBe('descending');

    // The Cost header sorts too, most expensive first, then flips; the menu follows.
    fireEvent.click(screen.getByRole('button', { name: 'Cost' }));
    await waitFor(() => expect(location()).toBe('/?sort=totalCost%3Adesc'));
    fireEvent.click(screen.getByRole('button', { name: /Cost/ }));
    await waitFor(() => expect(location()).toBe('/?sort=totalCost%3Aasc'));
    expect(requests.at(-1)!.url.searchParams.get('sort')).toBe('totalCost:asc');
    await waitFor(() => expect(screen.getAllByTestId('run-row').map((r) => r.dataset.runName)).toEqual(['beta-nightly', 'alpha-candidate', 'alpha-baseline']));
    expect(menu.value).toBe('totalCost:asc');
    expect(screen.getByRole('columnheader', { name: /Cost/ }).getAttribute('aria-sort')).toBe('ascending');
  });

  it('restores a tokens or cost sort from the URL, and shows one the query chose', async () => {
    renderPage('/?sort=totalCost%3Aasc');
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(3));
    expect(requests.at(-1)!.url.searchParams.get('sort')).toBe('totalCost:asc');
    expect((screen.getByRole('combobox', { name: 'Sort runs' }) as HTMLSelectElement).value).toBe('totalCost:asc');
    expect(screen.getByRole('columnheader', { name: /Cost/ }).getAttribute('aria-sort')).toBe('ascending');
    expect(location()).toBe('/?sort=totalCost%3Aasc');
    cleanup();

    // "most tokens" in q sorts without a sort parameter: the answer says so, and the page shows it.
    handler = () => ({ body: page(RUNS, { sort: { field: 'totalTokens', direction: 'desc' }, explanation: 'all runs, most tokens first' }) });
    renderPage('/?q=most+tokens');
    await waitFor(() => expect((screen.getByRole('combobox', { name: 'Sort runs' }) as HTMLSelectElement).value).toBe('totalTokens:desc'));
    expect(requests.at(-1)!.url.searchParams.get('sort')).toBeNull();
    expect(screen.getByRole('columnheader', { name: /Tokens/ }).getAttribute('aria-sort')).toBe('descending');
  });

  it('compares two selected runs with the older one as baseline, selected with the keyboard', async () => {
    renderPage();
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(3));
    const compare = screen.getByRole('button', { name: 'Compare' });
    expect((compare as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(rowOf('alpha-candidate')!).getByRole('checkbox'));
    // Space on a focused row selects it; ↓ moves to the next row.
    rowOf('alpha-candidate')!.focus();
    fireEvent.keyDown(rowOf('alpha-candidate')!, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(rowOf('alpha-baseline')));
    fireEvent.keyDown(rowOf('alpha-baseline')!, { key: ' ' });
    await waitFor(() => expect(screen.getByText('2 selected')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Compare' }));
    expect(location()).toBe('/compare?a=ba5e0001&b=c0ffee01');
  });

  it('deletes after confirmation, and offers "Delete anyway" when the run is still being written (409)', async () => {
    let deleted = false;
    handler = (url, init) => {
      if (init?.method === 'DELETE') {
        if (url.searchParams.get('force') !== 'true') {
          return { status: 409, body: { error: { code: 'conflict', message: 'Run c0ffee01 is running and its writer is alive.', details: {} } } };
        }
        deleted = true;
        return { body: { deleted: 'c0ffee01' } };
      }
      return { body: page(deleted ? RUNS.slice(1) : RUNS) };
    };
    renderPage('/?sel=c0ffee01');
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete this run?' });
    expect(dialog.textContent).toContain('alpha-candidate');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete run' }));
    const conflict = await screen.findByRole('dialog', { name: 'This run is still running' });
    expect(conflict.textContent).toContain('writer is alive');
    fireEvent.click(within(conflict).getByRole('button', { name: 'Delete anyway' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.url.search)).toEqual(['', '?force=true']);
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(2));
    await waitFor(() => expect(location()).toBe('/'));
  });

  it('shows a running run with a live progress bar fed by the event stream', async () => {
    handler = () => ({ body: page([run('2a11ab1e', 'live-run', { status: 'running', totalItems: 3, successRate: 1 })]) });
    const { stream } = renderPage();
    await waitFor(() => expect(rowOf('live-run')).not.toBeNull());
    const bar = within(rowOf('live-run')!).getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('3');
    act(() =>
      stream.dispatch({
        type: 'run.progress', runId: '2a11ab1e', runName: 'live-run', status: 'running', itemsStored: 42, successfulItems: 40, failedItems: 2,
        successRate: 40 / 42, itemsPerSecond: 7.5, at: '2026-12-02T10:00:00.000Z',
      }),
    );
    expect(within(rowOf('live-run')!).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('42');
    expect(rowOf('live-run')!.textContent).toContain('7.5/s');
    expect(rowOf('live-run')!.textContent).toContain('95.2%');
  });

  // 0 of 0 items is no success rate: "0.0%" said every item failed, for a run just started or cancelled before any item.
  it('shows no success rate for a run without items, until its first item is stored', async () => {
    handler = () => ({ body: page([run('0e0e0001', 'empty-run', { status: 'running', totalItems: 0, successfulItems: 0, failedItems: 0, successRate: 0 })]) });
    const { stream } = renderPage();
    await waitFor(() => expect(rowOf('empty-run')).not.toBeNull());
    const success = () => rowOf('empty-run')!.querySelector('.col-success')!.textContent;
    expect(success()).toBe('—');
    const progress = { type: 'run.progress', runId: '0e0e0001', runName: 'empty-run', status: 'running', successfulItems: 0, itemsPerSecond: null, at: '2026-12-02T10:00:00.000Z' } as const;
    act(() => stream.dispatch({ ...progress, itemsStored: 0, failedItems: 0, successRate: 0 }));
    expect(success()).toBe('—');
    act(() => stream.dispatch({ ...progress, itemsStored: 2, failedItems: 2, successRate: 0 }));
    expect(success()).toBe('0.0%');
  });

  it('says there are no runs yet, or that none match a search', async () => {
    handler = () => ({ body: page([]) });
    renderPage();
    expect(await screen.findByText('No runs yet')).toBeTruthy();
  });

  it('shows other API errors in words with a retry', async () => {
    let fail = true;
    handler = () => (fail ? { status: 503, body: { error: { code: 'database_unavailable', message: 'The database is not reachable.', details: {} } } } : { body: page(RUNS) });
    renderPage();
    expect((await screen.findByRole('alert')).textContent).toContain('The database is not reachable.');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(3));
  });
});

// A run whose writer was killed sends no event: the API says "abandoned" once its heartbeat is overdue, and only a read
// of the list can learn it. Time is faked so the test does not wait for the re-reads.
describe('RunsPage with a running run', () => {
  afterEach(() => vi.useRealTimers());

  const progress = (runId: string, runName: string, itemsStored: number, itemsPerSecond = 6, status = 'running') =>
    act(() =>
      stream!.dispatch({
        type: 'run.progress', runId, runName, status, itemsStored, successfulItems: itemsStored, failedItems: 0, successRate: 1,
        itemsPerSecond, at: '2026-12-02T10:00:00.000Z',
      }),
    );
  let stream: RunEventStream | undefined;

  /** GET /runs answers `list()`; GET /runs/:id answers that run of it (the watch of a running run). */
  const serve = (list: () => RunJson[]): Handler => (url) => {
    const id = /\/runs\/([^/]+)$/.exec(url.pathname)?.[1];
    if (!id) return { body: page(list()) };
    const found = list().find((r) => r.id === id);
    return found ? { body: { ...found, metrics: [] } } : { status: 404, body: { error: { code: 'run_not_found', message: 'No run.', details: {} } } };
  };
  const listReads = () => requests.filter((r) => r.url.pathname === '/api/v1/runs').length;
  const runReads = () => requests.filter((r) => r.url.pathname.startsWith('/api/v1/runs/')).length;

  it('re-reads the running run shown, so a killed run turns abandoned, without a rate, and reads stop', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let status: RunJson['status'] = 'running';
    handler = serve(() => [run('dead0001', 'killed-run', { status, totalItems: 24 }), RUNS[1]!]);
    ({ stream } = renderPage());
    await waitFor(() => expect(rowOf('killed-run')).not.toBeNull());
    progress('dead0001', 'killed-run', 24);
    expect(rowOf('killed-run')!.textContent).toContain('6.0/s');

    status = 'abandoned';
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    await waitFor(() => expect(rowOf('killed-run')!.querySelector('.col-status')!.textContent).toBe('abandoned'));
    expect(rowOf('killed-run')!.textContent).not.toContain('/s');

    // Nothing shown runs any more: the list is not read again.
    const reads = requests.length;
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(requests.length).toBe(reads);
  });

  it('drops a killed run from a "running runs" search without a reload', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let running = true;
    handler = (url) =>
      url.pathname === '/api/v1/runs'
        ? { body: page(running ? [run('dead0002', 'killed-run', { status: 'running' })] : []) }
        : { body: { ...run('dead0002', 'killed-run', { status: running ? 'running' : 'abandoned' }), metrics: [] } };
    renderPage('/?q=running+runs');
    await waitFor(() => expect(rowOf('killed-run')).not.toBeNull());
    const lists = listReads();
    running = false;
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(await screen.findByText('No runs match.')).toBeTruthy();
    // The search was read again once, when the run was seen to stop, not every 5 s.
    expect(listReads()).toBe(lists + 1);
  });

  it('stops showing a live rate when no progress has come for a while, and shows it again with the next', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    handler = serve(() => [run('5100a001', 'slow-run', { status: 'running', totalItems: 3 })]);
    ({ stream } = renderPage());
    await waitFor(() => expect(rowOf('slow-run')).not.toBeNull());
    // Steady progress keeps the rate, however long the run goes on.
    for (let stored = 4; stored < 40; stored++) {
      progress('5100a001', 'slow-run', stored);
      await act(() => vi.advanceTimersByTimeAsync(1_000));
    }
    expect(rowOf('slow-run')!.textContent).toContain('6.0/s');

    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(rowOf('slow-run')!.textContent).not.toContain('/s');
    expect(within(rowOf('slow-run')!).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('39');

    progress('5100a001', 'slow-run', 40);
    expect(rowOf('slow-run')!.textContent).toContain('6.0/s');
  });

  // Re-reading an infinite list reads every page loaded, one full search each: 30 pages every 5 s for one running run.
  it('with 30 pages loaded and one running run, reads that run, not the pages, and patches only its row', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let status: RunJson['status'] = 'running';
    const pageOf = (n: number) =>
      Array.from({ length: 3 }, (_, i) =>
        n === 0 && i === 0 ? run('dead0003', 'killed-run', { status }) : run(`p${n}r${i}`, `page-${n}-run-${i}`),
      );
    const all = () => Array.from({ length: 30 }, (_, n) => pageOf(n)).flat();
    handler = (url) => {
      if (url.pathname !== '/api/v1/runs') return serve(all)(url);
      const n = Number(url.searchParams.get('cursor') ?? 0);
      return { body: page(pageOf(n), { total: 90, nextCursor: n < 29 ? String(n + 1) : null }) };
    };
    // Scrolled down 30 pages (happy-dom cannot scroll a virtualised table): the list's cache holds them when it opens.
    const key = runListQuery(listParams(new URLSearchParams())).queryKey;
    const pageParams = Array.from({ length: 30 }, (_, n) => (n === 0 ? undefined : String(n)));
    const { queryClient } = renderPage('/', (qc) =>
      qc.setQueryData(key, { pages: pageParams.map((c) => handler(new URL(`http://localhost/api/v1/runs${c ? `?cursor=${c}` : ''}`)).body as RunPageJson), pageParams }),
    );
    await waitFor(() => expect(rowOf('killed-run')).not.toBeNull());
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(queryClient.getQueryData(key)!.pages).toHaveLength(30);

    const [lists, runsRead] = [listReads(), runReads()];
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(listReads()).toBe(lists);
    // One read of the running run per 5 s (give or take the first), not 30 pages each time.
    expect(runReads() - runsRead).toBeGreaterThanOrEqual(5);
    expect(runReads() - runsRead).toBeLessThanOrEqual(7);

    const before = queryClient.getQueryData(key)!.pages;
    status = 'abandoned';
    await act(() => vi.advanceTimersByTimeAsync(6_000));
    await waitFor(() => expect(rowOf('killed-run')!.querySelector('.col-status')!.textContent).toBe('abandoned'));
    const after = queryClient.getQueryData(key)!.pages;
    // Only the row of that run changed: the other pages and rows are the same objects, and no page was read again.
    expect(after).toHaveLength(30);
    expect(after.slice(1).every((p, i) => p === before[i + 1])).toBe(true);
    expect(after[0]!.runs.slice(1).every((r, i) => r === before[0]!.runs[i + 1])).toBe(true);
    expect(listReads()).toBe(lists);
    const reads = requests.length;
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(requests.length).toBe(reads);
  });

  it('watches at most 20 running runs, the first ones shown', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const many = Array.from({ length: 50 }, (_, i) => run(`a${String(i).padStart(7, '0')}`, `running-${i}`, { status: 'running' }));
    handler = serve(() => many);
    renderPage();
    await waitFor(() => expect(rowOf('running-0')).not.toBeNull());
    await act(() => vi.advanceTimersByTimeAsync(12_000));
    const watched = new Set(requests.filter((r) => r.url.pathname.startsWith('/api/v1/runs/')).map((r) => r.url.pathname.split('/').pop()));
    expect([...watched].sort()).toEqual(many.slice(0, 20).map((r) => r.id));
  });

  // The server sends run.progress when the item count changes: a run whose items take 15 s each sends one every 15 s.
  it('keeps the rate of a run whose progress comes every 15 s, and drops it once its writer stops sending', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    handler = serve(() => [run('5100a002', 'slower-run', { status: 'running', totalItems: 3 })]);
    ({ stream } = renderPage());
    await waitFor(() => expect(rowOf('slower-run')).not.toBeNull());
    for (let stored = 4; stored < 10; stored++) {
      progress('5100a002', 'slower-run', stored, 1 / 15);
      await act(() => vi.advanceTimersByTimeAsync(14_000));
      expect(rowOf('slower-run')!.textContent).toContain('0.1/s');
      await act(() => vi.advanceTimersByTimeAsync(1_000));
    }
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(rowOf('slower-run')!.textContent).not.toContain('/s');
  });

  it('drops the rate at once when the run is read as no longer running, or its progress says so', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let status: RunJson['status'] = 'running';
    handler = serve(() => [run('5100a003', 'stopping-run', { status, totalItems: 3 })]);
    ({ stream } = renderPage());
    await waitFor(() => expect(rowOf('stopping-run')).not.toBeNull());
    progress('5100a003', 'stopping-run', 4, 1 / 60);
    expect(rowOf('stopping-run')!.textContent).toContain('0.0/s');
    status = 'abandoned';
    await act(() => vi.advanceTimersByTimeAsync(6_000));
    expect(stream!.progressOf('5100a003')).toBeUndefined();

    progress('5100a003', 'stopping-run', 5, 6, 'cancelled');
    expect(stream!.progressOf('5100a003')!.itemsPerSecond).toBeNull();
  });
});
