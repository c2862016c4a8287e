import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunJson } from '../../api/types';
import { session, TOKEN_STORAGE_KEY } from '../../api/session';
import { RunEventsProvider, RunEventStream } from '../../hooks/useRunEvents';
import { RunsPage } from '../../pages/RunsPage';
import { Layout } from '../Layout';

const GOOD = `lle_${'g'.repeat(43)}`;
const VIEWER = `lle_${'v'.repeat(43)}`;
const WRONG = `lle_${'w'.repeat(43)}`;

function run(id: string, name: string): RunJson {
  return {
    id, name, description: null, status: 'completed', projectId: 'alpha', datasetName: 'capitals', modelName: 'gpt-4o', modelVersion: null,
    taskType: null, metricsUsed: ['f1'], metricConfigs: null, config: null, environment: null, tags: [], createdBy: null,
    createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z', startedAt: null, completedAt: null, durationSeconds: 12,
    totalItems: 10, successfulItems: 10, failedItems: 0, successRate: 1, avgResponseTime: 1, minResponseTime: 1, maxResponseTime: 1,
    totalTokens: 0, totalCost: 0, writerHost: null, writerPid: null, heartbeatAt: null, statusReason: null,
  } as RunJson;
}

const HEALTH = { ok: true, backend: 'sqlite', url: 'file:x.db', reachable: true, latencyMs: 1, schemaVersion: 'x', appliedMigrations: [], pendingMigrations: [], rowCounts: {}, sizeBytes: 1, latestRun: null };

type Request = { path: string; method: string; authorization: string | undefined };
const requests: Request[] = [];

/** A server with `--auth`: GOOD is an editor token, VIEWER a viewer token, anything else is refused. */
function server(path: string, method: string, authorization: string | undefined): [number, unknown] {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (token !== GOOD && token !== VIEWER) {
    const message = token === undefined ? 'This server requires an API token (Authorization: Bearer <token>).' : 'The API token is not valid (unknown, revoked or expired).';
    return [401, { error: { code: 'unauthorized', message } }];
  }
  if (method === 'DELETE') {
    if (token === VIEWER) return [403, { error: { code: 'forbidden', message: 'This needs the editor role; token:ci has the viewer role. Ask an admin for a token with the editor role.' } }];
    return [200, { deleted: 'c0ffee01' }];
  }
  if (path === '/api/v1/health') return [200, HEALTH];
  if (path === '/api/v1/runs') {
    return [200, { runs: [run('c0ffee01', 'alpha-candidate')], total: 1, nextCursor: null, filter: null, sort: { field: 'createdAt', direction: 'desc' }, explanation: 'all runs', warnings: [] }];
  }
  return [404, { error: { code: 'not_found', message: 'Not found.' } }];
}

beforeEach(() => {
  session.reset();
  sessionStorage.clear();
  requests.length = 0;
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200);
  vi.spyOn(console, 'log');
  vi.spyOn(console, 'info');
  vi.spyOn(console, 'warn');
  vi.spyOn(console, 'error');
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(input, 'http://localhost');
      const authorization = (init?.headers as Record<string, string> | undefined)?.authorization;
      const method = init?.method ?? 'GET';
      requests.push({ path: url.pathname + url.search, method, authorization });
      const [status, body] = server(url.pathname, method, authorization);
      return Response.json(body, { status });
    }),
  );
});

function renderApp(url = '/') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const stream = new RunEventStream('ws://test', queryClient);
  render(
    <QueryClientProvider client={queryClient}>
      <RunEventsProvider stream={stream}>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<RunsPage />} />
            </Route>
          </Routes>
        </MemoryRouter>
      </RunEventsProvider>
    </QueryClientProvider>,
  );
  return { queryClient };
}

const tokenInput = () => screen.getByLabelText<HTMLInputElement>('API token');
const rowCount = () => document.querySelectorAll('[data-testid="run-row"]').length;

function signIn(token: string) {
  fireEvent.change(tokenInput(), { target: { value: token } });
  fireEvent.submit(tokenInput().form!);
}

/** Nothing of the token in the page, in any log or in any URL asked. */
function expectTokenNowhere(token: string) {
  expect(document.documentElement.outerHTML).not.toContain(token);
  for (const method of ['log', 'info', 'warn', 'error'] as const) {
    for (const call of vi.mocked(console[method]).mock.calls) expect(JSON.stringify(call)).not.toContain(token);
  }
  for (const request of requests) expect(request.path).not.toContain(token);
}

describe('signing in to a server that requires tokens', () => {
  it('a 401 shows the sign-in panel: why, how to get a token, a password input that has the focus', async () => {
    renderApp();
    const panel = await screen.findByRole('heading', { name: 'Sign in' });
    const section = panel.closest('section')!;
    expect(section.textContent).toContain('requires an API token');
    expect(section.textContent).toContain("llm-eval tokens create --name me --project '*' --role viewer");
    expect(tokenInput().type).toBe('password');
    await waitFor(() => expect(document.activeElement).toBe(tokenInput()));
    expect(within(section).getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ path: expect.stringMatching(/^\/api\/v1\/runs\b/), method: 'GET', authorization: undefined });
  });

  it('a token the server accepts is checked with one request, kept in sessionStorage, and the page asks again with it', async () => {
    renderApp();
    await screen.findByRole('heading', { name: 'Sign in' });
    requests.length = 0;
    signIn(`  ${GOOD}\n`);
    await waitFor(() => expect(rowCount()).toBe(1));
    expect(requests[0]).toEqual({ path: '/api/v1/health', method: 'GET', authorization: `Bearer ${GOOD}` });
    expect(requests.slice(1).every((r) => r.authorization === `Bearer ${GOOD}`)).toBe(true);
    expect(requests.some((r) => r.path.startsWith('/api/v1/runs'))).toBe(true);
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe(GOOD);
    expect(screen.queryByRole('heading', { name: 'Sign in' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expectTokenNowhere(GOOD);
  });

  it('a token the server refuses shows its message and is not kept', async () => {
    renderApp();
    await screen.findByRole('heading', { name: 'Sign in' });
    signIn(WRONG);
    const alert = await screen.findByText('The API token is not valid (unknown, revoked or expired).');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(tokenInput().getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(tokenInput());
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(session.token()).toBeNull();
    expect(requests.filter((r) => r.path.startsWith('/api/v1/runs')).every((r) => r.authorization === undefined)).toBe(true);
    expectTokenNowhere(WRONG);
  });

  it('something that cannot be a token is refused without a request', async () => {
    renderApp();
    await screen.findByRole('heading', { name: 'Sign in' });
    requests.length = 0;
    signIn('lle_abc def');
    expect(await screen.findByText(/That is not an API token/)).toBeTruthy();
    signIn('   ');
    expect(await screen.findByText('Paste your API token first.')).toBeTruthy();
    expect(requests).toEqual([]);
  });

  it('sign-out forgets the token and every cached query, and shows the sign-in panel again', async () => {
    session.signIn(GOOD);
    const { queryClient } = renderApp();
    await waitFor(() => expect(rowCount()).toBe(1));
    expect(requests.every((r) => r.authorization === `Bearer ${GOOD}`)).toBe(true);
    expect(queryClient.getQueryCache().getAll().length).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByText('You are signed out.')).toBeTruthy();
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(queryClient.getQueryCache().getAll()).toEqual([]);
    expect(rowCount()).toBe(0);
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });

  it('a held token the server stops accepting (revoked) is dropped and the panel says why', async () => {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, WRONG);
    session.signIn(WRONG);
    renderApp();
    const panel = await screen.findByRole('heading', { name: 'Sign in' });
    expect(panel.closest('section')!.textContent).toContain('The API token is not valid (unknown, revoked or expired).');
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it("a viewer's delete answers 403: the dialog says so in the server's words and the delete button stays", async () => {
    session.signIn(VIEWER);
    renderApp('/?sel=c0ffee01');
    await waitFor(() => expect(rowCount()).toBe(1));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Delete this run?' })).getByRole('button', { name: 'Delete run' }));
    const refused = await screen.findByRole('dialog', { name: 'Deleting is not allowed' });
    expect(within(refused).getByRole('alert').textContent).toBe('This needs the editor role; token:ci has the viewer role. Ask an admin for a token with the editor role.');
    fireEvent.click(within(refused).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Delete' })).toBeTruthy();
    expect(session.token()).toBe(VIEWER);
  });
});
