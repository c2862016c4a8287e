import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createQueryClient } from './App';
import { listParams } from './components/runs/runFilters';
import { runListQuery } from './components/runs/useRunList';
import { comparisonQuery, optionsFrom } from './components/compare/compareState';
import './styles.css';

const queryClient = createQueryClient();
// Start what the first page needs now, while React renders, rather than one step after another: the page's code
// (pages other than the runs page load on first use) and its first API request.
const { pathname, search } = window.location;
const params = new URLSearchParams(search);
if (pathname === '/') {
  void queryClient.prefetchInfiniteQuery(runListQuery(listParams(params)));
} else if (pathname === '/compare') {
  void import('./pages/ComparePage');
  const a = params.get('a');
  const b = params.get('b');
  if (a && b) void queryClient.prefetchQuery(comparisonQuery(a, b, optionsFrom((key) => params.get(key) ?? undefined)));
} else if (pathname.startsWith('/runs/')) {
  void import('./pages/RunPage');
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App queryClient={queryClient} />
  </StrictMode>,
);
