// Test helper (imported by *.test.tsx only): a page rendered at a URL with a fresh query client and a stubbed API.
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { ReactElement } from 'react';
import { vi } from 'vitest';

/** Answers of the stubbed fetch: path (with query) → [status, body]; a function gets the URL. */
export type FakeApi = (url: URL) => [number, unknown] | undefined;

/** Stubs fetch with `api`; unknown URLs answer 404. Returns the mock, whose calls hold the URLs asked. */
export function stubApi(api: FakeApi) {
  const mock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    const [status, body] = api(url) ?? [404, { error: { code: 'not_found', message: `no fake for ${url.pathname}`, details: {} } }];
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', mock);
  return mock;
}

/** Shows the current location, so tests can read where a click navigated. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/** Renders `element` on route `path` at `url`, with any other path showing only the probe. */
export function renderAt(url: string, path: string, element: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path={path} element={element} />
          <Route path="*" element={null} />
        </Routes>
        <LocationProbe />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}
