import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { renderAt, stubApi } from '../components/projects/testApp';
import { ComparePage } from './ComparePage';

const A = '5392d958-cd3e-44ab-af75-5fec83ae6049';
const B = '172aaba2-51a5-46e8-a84c-ac354a336828';
const side = { a: 1, b: 1, absolute: 0, relative: 0 };

// GET /compare of a 50-item run against a 100,000-item run holding those 50 ids (as the server answered it), the
// baseline's name ending in an unclosed right-to-left override.
const COMPARISON = {
  runA: { id: A, name: 'model-A \u202e' },
  runB: { id: B, name: 'model-B-regressed' },
  summary: { successRate: side, durationSeconds: side, avgResponseTime: side, totalTokens: side, totalCost: side },
  metrics: [],
  significance: { alpha: 0.05, correction: 'holm', minimumPairs: 6 },
  items: {
    primaryMetric: null,
    counts: { improved: 0, regressed: 0, unchanged: 50, withoutScore: 0, onlyInA: 0, onlyInB: 99_950 },
    improved: [],
    regressed: [],
    onlyInA: [],
    onlyInB: [],
    pages: {
      improved: { offset: 0, total: 0, nextCursor: null },
      regressed: { offset: 0, total: 0, nextCursor: null },
      onlyInA: { offset: 0, total: 0, nextCursor: null },
      onlyInB: { offset: 0, total: 99_950, nextCursor: null },
    },
  },
  options: { metrics: [], confidence: 0.95, minEffect: 0, lowerIsBetter: [], primaryMetric: null, itemLimit: 0 },
  fromCache: false,
  computedAt: '2026-12-05T06:41:30.448Z',
};

function api() {
  return stubApi((url) => {
    if (url.pathname === '/api/v1/compare') return [200, COMPARISON];
    if (url.pathname.endsWith('/items')) return [200, { items: [], nextCursor: null, total: 0 }];
    return undefined;
  });
}

describe('ComparePage', () => {
  it('isolates each run name in the heading, its right-to-left override shown, not obeyed', async () => {
    api();
    const { container } = renderAt(`/compare?a=${A}&b=${B}`, '/compare', <ComparePage />);
    await screen.findByRole('link', { name: 'model-B-regressed' });
    const title = container.querySelector('h1 .compare-title-runs')!;
    const names = [...title.querySelectorAll('a')].map((link) => link.querySelector('bdi')?.textContent);
    expect(names).toEqual(['model-A ⟨RLO⟩', 'model-B-regressed']);
    // The arrow stays outside both isolates.
    expect([...title.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('')).toContain('→');
  });

  it('counts the paired items apart from the items only one run has', async () => {
    api();
    renderAt(`/compare?a=${A}&b=${B}`, '/compare', <ComparePage />);
    const count = await screen.findByTestId('item-count');
    await waitFor(() => expect(count.textContent).toMatch(/^50 paired items, 99,950 only in B( ·|$)/));
  });
});
