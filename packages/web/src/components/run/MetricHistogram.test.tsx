import { afterEach, describe, expect, it } from 'vitest';
import { act, render, screen, within } from '@testing-library/react';
import type { RunMetricJson } from '../../api/types';
import { histogramBins } from './histogramBins';
import { MetricHistogram } from './MetricHistogram';
import { MetricStats } from './MetricStats';

function metric(overrides: Partial<RunMetricJson>): RunMetricJson {
  return {
    runId: 'r1',
    metricName: 'f1',
    metricType: 'numeric',
    mean: 0.5,
    median: 0.5,
    stdDev: 0.1,
    min: 0,
    max: 1,
    percentiles: { p25: 0.25, p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99 },
    histogram: { edges: [0, 0.25, 0.5, 0.75, 1], counts: [1, 4, 3, 2] },
    totalEvaluated: 10,
    successfulEvaluations: 10,
    failedEvaluations: 0,
    computedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('histogramBins', () => {
  it('labels each stored bin with its score range', () => {
    expect(histogramBins(metric({}))).toEqual([
      { label: '0–0.25', count: 1 },
      { label: '0.25–0.5', count: 4 },
      { label: '0.5–0.75', count: 3 },
      { label: '0.75–1', count: 2 },
    ]);
  });

  it('draws one bar for scores that are all equal', () => {
    expect(histogramBins(metric({ histogram: { edges: [0.7, 0.7], counts: [5] } }))).toEqual([{ label: '0.7', count: 5 }]);
  });

  it('counts pass and fail of a boolean metric from its pass rate', () => {
    const bins = histogramBins(metric({ metricType: 'boolean', mean: 0.875, successfulEvaluations: 120, histogram: { edges: [0, 0.1], counts: [15, 0] } }));
    expect(bins).toEqual([
      { label: 'fail', count: 15 },
      { label: 'pass', count: 105 },
    ]);
  });

  it('draws nothing from a histogram of another shape or none', () => {
    expect(histogramBins(metric({ histogram: null }))).toEqual([]);
    expect(histogramBins(metric({ histogram: { edges: [0, 1], counts: [1, 2] } }))).toEqual([]);
    expect(histogramBins(metric({ histogram: { bins: 'x' } }))).toEqual([]);
  });
});

describe('MetricHistogram', () => {
  it('renders the histogram JSON as a named figure with its numbers', () => {
    render(<MetricHistogram metric={metric({})} />);
    const figure = screen.getByRole('figure', { name: 'Histogram of f1' });
    const rows = within(figure).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual(['0–0.251', '0.25–0.54', '0.5–0.753', '0.75–12']);
  });

  it('says when there is nothing to draw', () => {
    render(<MetricHistogram metric={metric({ histogram: null, successfulEvaluations: 0 })} />);
    expect(screen.getByText('No scores to draw.')).toBeTruthy();
  });
});

describe('MetricStats', () => {
  it('shows huge and tiny statistics in exponent form, the exact values as titles, in cells that wrap', () => {
    const huge = 1.2345678e308;
    render(<MetricStats metrics={[metric({ metricName: 'big', mean: huge, median: 1e300, stdDev: 9.87654e307, min: 1e-300, max: Number.MAX_VALUE, percentiles: { p25: 1e16 } })]} />);
    const card = screen.getByRole('region', { name: /^big/ });
    const value = (label: string) => within(card).getByText(label, { selector: 'dt' }).nextElementSibling as HTMLElement;
    expect(value('mean').textContent).toBe('1.23e+308');
    expect(value('mean').querySelector('[title]')?.getAttribute('title')).toBe('1.2345678e+308');
    expect(value('median').textContent).toBe('1e+300');
    expect(value('std').textContent).toBe('9.88e+307');
    expect(value('min').textContent).toBe('1e-300');
    expect(value('max').textContent).toBe('1.8e+308');
    expect(value('max').querySelector('[title]')?.getAttribute('title')).toBe(String(Number.MAX_VALUE));
    expect(value('p25').textContent).toBe('1e+16');
    for (const dd of card.querySelectorAll('dd')) expect(dd.textContent!.length).toBeLessThan(20);
  });

  it('shows the statistics of a numeric metric and pass/fail of a boolean one', () => {
    render(<MetricStats metrics={[metric({}), metric({ metricName: 'exact_match', metricType: 'boolean', mean: 0.9, successfulEvaluations: 10 })]} />);
    const f1 = screen.getByRole('region', { name: /^f1/ });
    expect(within(f1).getByText('median').nextSibling?.textContent).toBe('0.5');
    expect(within(f1).getByText('p90').nextSibling?.textContent).toBe('0.9');
    const exact = screen.getByRole('region', { name: /^exact_match/ });
    expect(within(exact).getByText('pass', { selector: 'dt' }).nextSibling?.textContent).toBe('9');
    expect(within(exact).getByText('fail', { selector: 'dt' }).nextSibling?.textContent).toBe('1');
    expect(within(exact).getByText('pass rate').nextSibling?.textContent).toBe('90.0%');
  });
});

/**
 * jsdom has no layout, so no IntersectionObserver: a stand-in that the test tells what came into view (the browser's
 * own is exercised by the run page's e2e spec).
 */
class ViewObserver {
  static all: ViewObserver[] = [];
  readonly targets: Element[] = [];
  constructor(private readonly callback: IntersectionObserverCallback) {
    ViewObserver.all.push(this);
  }
  observe(target: Element) {
    this.targets.push(target);
  }
  unobserve(target: Element) {
    this.targets.splice(this.targets.indexOf(target), 1);
  }
  disconnect() {
    this.targets.length = 0;
  }
  show(target: Element) {
    this.callback([{ target, isIntersecting: true } as IntersectionObserverEntry], this as unknown as IntersectionObserver);
  }
}

describe('MetricStats with many metrics', () => {
  afterEach(() => {
    delete (window as { IntersectionObserver?: unknown }).IntersectionObserver;
    ViewObserver.all = [];
  });

  it('draws a histogram only once its card comes into view (200 charts at once froze the browser for ~10 s)', () => {
    (window as { IntersectionObserver?: unknown }).IntersectionObserver = ViewObserver;
    const metrics = Array.from({ length: 200 }, (_, i) => metric({ metricName: `m${i}` }));
    const { container } = render(<MetricStats metrics={metrics} />);
    const charts = () => [...container.querySelectorAll<HTMLElement>('[data-testid="histogram-chart"]')];
    expect(charts()).toHaveLength(200);
    expect(charts().filter((c) => c.dataset.drawn === 'true')).toHaveLength(0);
    // The numbers are there for screen readers whether drawn or not.
    expect(within(screen.getByRole('figure', { name: 'Histogram of m150' })).getAllByRole('row')).toHaveLength(5);
    const target = charts()[150]!;
    act(() => ViewObserver.all.find((o) => o.targets.includes(target))!.show(target));
    expect(charts().filter((c) => c.dataset.drawn === 'true').map((c) => c.closest('figure')!.getAttribute('aria-label'))).toEqual(['Histogram of m150']);
  });
});

describe('MetricHistogram count axis', () => {
  // happy-dom has observers but no layout: without them the chart is drawn at once, at its initial 280 × 140.
  const observers = ['IntersectionObserver', 'ResizeObserver'] as const;
  const saved = observers.map((name) => (window as unknown as Record<string, unknown>)[name]);
  afterEach(() => observers.forEach((name, i) => ((window as unknown as Record<string, unknown>)[name] = saved[i])));

  /** The y-axis tick labels drawn, each with the x its right end is anchored at (the axis' left edge is x = 0). */
  function yTicks(container: HTMLElement): Array<{ text: string; x: number }> {
    return [...container.querySelectorAll('.recharts-yAxis-tick-labels text')].map((t) => ({ text: t.textContent ?? '', x: Number(t.getAttribute('x')) }));
  }

  function drawn(passing: number, items: number) {
    for (const name of observers) delete (window as unknown as Record<string, unknown>)[name];
    const { container } = render(<MetricHistogram metric={metric({ metricName: 'exact_match', metricType: 'boolean', mean: passing / items, successfulEvaluations: items })} />);
    const ticks = yTicks(container);
    expect(ticks.length).toBeGreaterThan(1);
    return ticks;
  }

  // A 10 px label is ~5.6 px a digit: 6 px a character is what must fit left of where the label ends.
  it.each([
    [19_500, 20_000],
    [95_000, 100_000],
    [9_750_000, 10_000_000],
  ])('draws every count label whole when a bar holds %i of %i items (five digits lost the first in 36 px)', (passing, items) => {
    for (const tick of drawn(passing, items)) expect(tick.text.length * 6, `label ${tick.text}`).toBeLessThanOrEqual(tick.x);
  });

  it('labels large counts compactly and keeps the exact ones in the table beside the chart', () => {
    const ticks = drawn(19_500, 20_000);
    expect(ticks.map((t) => t.text)).toContain('20K');
    expect(screen.getByRole('row', { name: 'pass 19500' })).toBeTruthy();
  });
});
