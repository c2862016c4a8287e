import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { RunEventsProvider } from './hooks/useRunEvents';
import { lazy, Suspense, type ReactNode } from 'react';
import { RunsPage } from './pages/RunsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ApiRequestError } from './api/client';

/** Queries retry network trouble and 503s twice; a 4xx is the answer and is shown at once. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => count < 2 && (!(error instanceof ApiRequestError) || error.status >= 500),
      },
    },
  });
}

// The runs page (the landing page) is in the main bundle; every other page, with the chart and diff libraries only
// they use, loads when first opened, so the first page is interactive sooner.
const RunPage = lazy(() => import('./pages/RunPage').then((m) => ({ default: m.RunPage })));
const ComparePage = lazy(() => import('./pages/ComparePage').then((m) => ({ default: m.ComparePage })));
const TrendsPage = lazy(() => import('./pages/TrendsPage').then((m) => ({ default: m.TrendsPage })));
const ProjectsPage = lazy(() => import('./pages/ProjectsPage').then((m) => ({ default: m.ProjectsPage })));
const HealthPage = lazy(() => import('./pages/HealthPage').then((m) => ({ default: m.HealthPage })));

/** A page that may still be loading its code: a blank page of the final layout meanwhile (no jump). */
function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<div className="page" aria-busy="true" />}>{children}</Suspense>;
}

/** The routes: each page's state lives in its URL, so every view can be shared and reloaded. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<RunsPage />} />
        <Route path="runs/:run" element={<Page><RunPage /></Page>} />
        <Route path="compare" element={<Page><ComparePage /></Page>} />
        <Route path="trends" element={<Page><TrendsPage /></Page>} />
        <Route path="projects" element={<Page><ProjectsPage /></Page>} />
        <Route path="projects/:project" element={<Page><ProjectsPage /></Page>} />
        <Route path="health" element={<Page><HealthPage /></Page>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App({ queryClient = createQueryClient() }: { queryClient?: QueryClient }) {
  return (
    <QueryClientProvider client={queryClient}>
      <RunEventsProvider>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </RunEventsProvider>
    </QueryClientProvider>
  );
}
