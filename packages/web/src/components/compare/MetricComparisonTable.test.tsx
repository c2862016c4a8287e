import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { ComparisonJson } from '../../api/types';
import { MetricComparisonTable } from './MetricComparisonTable';

type Metric = ComparisonJson['metrics'][number];

const metric = (over: Partial<Metric>): Metric => ({
  metric: 'f1',
  kind: 'numeric',
  lowerIsBetter: false,
  pairs: 100,
  informativePairs: 80,
  meanA: 0.5,
  meanB: 0.6,
  difference: 0.1,
  ci: { low: 0.05, high: 0.15, confidence: 0.95 },
  pValue: 0.001,
  pValueAdjusted: 0.002,
  test: 'wilcoxon-signed-rank',
  verdict: 'improved',
  ...over,
});

const comparison = (metrics: Metric[]) =>
  ({
    metrics,
    significance: { alpha: 0.05, correction: 'holm', minimumPairs: 6 },
    options: { metrics: [], confidence: 0.95, minEffect: 0, lowerIsBetter: [], primaryMetric: null, itemLimit: 0 },
  }) as unknown as ComparisonJson;

describe('MetricComparisonTable', () => {
  it('tells "no significant change" (nothing shown, nothing ruled out) from "unchanged" (every pair equal)', () => {
    render(
      <MetricComparisonTable
        comparison={comparison([
          metric({ metric: 'noisy', verdict: 'not_significant', pValue: 0.2, pValueAdjusted: 0.4, ci: { low: -0.03, high: 0.2, confidence: 0.95 } }),
          metric({ metric: 'same', verdict: 'unchanged', informativePairs: 0, difference: 0, pValue: 1, pValueAdjusted: null }),
        ])}
      />,
    );
    const noisy = screen.getByText('no significant change');
    expect(noisy.className).toContain('verdict-not_significant');
    expect(document.getElementById(noisy.getAttribute('aria-describedby')!)!.textContent).toContain('none is ruled out');
    const same = screen.getByText('unchanged');
    expect(document.getElementById(same.getAttribute('aria-describedby')!)!.textContent).toBe('unchanged: every paired item scored the same in both runs.');
  });

  it('explains each verdict, test and p-value in words on hover and on keyboard focus', () => {
    render(
      <MetricComparisonTable
        comparison={comparison([
          metric({}),
          metric({ metric: 'exact_match', kind: 'boolean', test: 'mcnemar-exact', verdict: 'regressed', difference: -0.1 }),
          metric({ metric: 'tiny', informativePairs: 3, verdict: 'insufficient_data', test: 'none', pValue: null, pValueAdjusted: null }),
        ])}
      />,
    );
    const verdict = screen.getByText('not enough pairs');
    // Insufficient data is never shown as a direction.
    expect(verdict.className).toContain('verdict-insufficient_data');
    expect(verdict.className).not.toMatch(/improved|regressed/);
    const description = () => document.getElementById(verdict.getAttribute('aria-describedby')!)!;
    expect(description().textContent).toBe('insufficient_data: fewer than 6 informative pairs (3 items scored differently in the two runs) — no verdict is drawn.');
    expect(description().hidden).toBe(true);
    fireEvent.focus(verdict);
    expect(description().hidden).toBe(false);
    fireEvent.blur(verdict);
    expect(description().hidden).toBe(true);
    fireEvent.mouseEnter(screen.getByText('Wilcoxon', { selector: '.explained' }).closest('.explained')!);
    expect(screen.getByRole('tooltip').textContent).toBe('Wilcoxon signed-rank test on the paired scores (the same items in both runs).');
    const row = screen.getByText('exact_match').closest('tr')!;
    expect(within(row).getByText('McNemar').getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(within(row).getByText('McNemar').getAttribute('aria-describedby')!)!.textContent).toContain('McNemar exact test on items that passed in one run only');
    expect(screen.getByText('p (Holm)').closest('.explained')!.textContent).toContain('Holm-corrected across the compared metrics');
  });

  it('shows no interval, with the reason, when every pair differs by the same amount (it showed 1 … 1 beside p 0.25)', () => {
    render(
      <MetricComparisonTable
        comparison={comparison([
          metric({ metric: 'shifted', kind: 'boolean', pairs: 3, informativePairs: 3, difference: 1, pValue: 0.25, pValueAdjusted: null, verdict: 'insufficient_data', ci: { low: null, high: null, confidence: 0.95, reason: 'constant-differences' } }),
          metric({ metric: 'single', pairs: 1, informativePairs: 1, verdict: 'insufficient_data', ci: { low: null, high: null, confidence: 0.95, reason: 'too-few-pairs' } }),
        ])}
      />,
    );
    const cell = screen.getByTestId('ci-shifted');
    // The mark, and its explanation (in the document, hidden until hover or focus); no "1 … 1".
    expect(cell.textContent!.startsWith('—No interval')).toBe(true);
    expect(cell.textContent).not.toContain('…');
    const explained = cell.querySelector('.explained')!;
    expect(document.getElementById(explained.getAttribute('aria-describedby')!)!.textContent).toBe(
      'No interval: every pair differs by the same amount, so there is no spread to estimate its uncertainty from. p is the exact test’s; an improved or regressed verdict weighs Δ itself (unchanged needs an interval).',
    );
    expect(screen.getByTestId('ci-single').textContent!.startsWith('—No interval')).toBe(true);
    expect(document.getElementById(screen.getByTestId('ci-single').querySelector('.explained')!.getAttribute('aria-describedby')!)!.textContent).toBe(
      'No interval: it needs at least two paired items.',
    );
  });

  it('colours the mean difference by the metric’s direction', () => {
    render(<MetricComparisonTable comparison={comparison([metric({ metric: 'latency', lowerIsBetter: true, difference: -0.2, verdict: 'improved' })])} />);
    expect(screen.getByText('−0.2').className).toContain('good');
  });
});

describe('MetricComparisonTable p-values and minimum effect', () => {
  const withMinEffect = (metrics: Metric[], minEffect: number) => {
    const c = comparison(metrics);
    return { ...c, options: { ...c.options, minEffect } } as ComparisonJson;
  };

  it('never rounds a p-value across alpha (0.049996 showed as 0.0500 beside improved)', () => {
    render(
      <MetricComparisonTable
        comparison={comparison([
          metric({ metric: 'close', pValue: 0.049996, pValueAdjusted: 0.049996 }),
          metric({ metric: 'near', pValue: 0.04971, pValueAdjusted: 0.0500001, verdict: 'not_significant' }),
        ])}
      />,
    );
    expect(within(screen.getByText('close').closest('tr')!).getByText('0.049996 (0.049996)')).toBeTruthy();
    expect(within(screen.getByText('near').closest('tr')!).getByText('0.0497 (0.0500)')).toBeTruthy();
  });

  it('labels not_significant "no significant change beyond ±minEffect" and says a smaller change may be shown', () => {
    render(<MetricComparisonTable comparison={withMinEffect([metric({ metric: 'small', verdict: 'not_significant', pValue: 0.00001, pValueAdjusted: 0.00001, ci: { low: 0.02, high: 0.04, confidence: 0.95 } })], 0.05)} />);
    const label = screen.getByText('no significant change beyond ±0.05');
    const text = document.getElementById(label.getAttribute('aria-describedby')!)!.textContent!;
    expect(text).toContain('no change larger than the minimum effect (±0.05)');
    expect(text).toContain('none is ruled out');
    expect(text).not.toMatch(/^not_significant: no change is shown/);
  });
});

describe('MetricComparisonTable task success', () => {
  const withSuccess = (metrics: Metric[], success: Metric) => ({ ...comparison(metrics), success }) as ComparisonJson;
  const success = (over: Partial<Metric>): Metric =>
    metric({ metric: 'success', kind: 'boolean', test: 'mcnemar-exact', pairs: 30, meanA: 1, meanB: 19 / 30, difference: -11 / 30, ...over });

  it('shows a "task success" row with its verdict when some item’s task started or stopped failing (B failing on 11 of 30 showed only "unchanged")', () => {
    render(
      <MetricComparisonTable
        comparison={withSuccess(
          [metric({ metric: 'f1', pairs: 19, informativePairs: 0, difference: 0, verdict: 'unchanged', pValue: 1, pValueAdjusted: null })],
          success({ informativePairs: 11, pValue: 0.001, pValueAdjusted: 0.002, verdict: 'regressed' }),
        )}
      />,
    );
    const row = screen.getAllByTestId('metric-row').find((r) => r.dataset.metric === 'task success')!;
    expect(row).toBeTruthy();
    expect(within(row).getByText('regressed').className).toContain('verdict-regressed');
    expect(within(row).getByText('McNemar')).toBeTruthy();
    expect(within(row).getByText('30 (11)')).toBeTruthy();
  });

  it('leaves the row out, as the CLI does, when no item’s task started or stopped failing', () => {
    render(<MetricComparisonTable comparison={withSuccess([metric({})], success({ informativePairs: 0, difference: 0, verdict: 'unchanged' }))} />);
    expect(screen.getAllByTestId('metric-row').map((r) => r.dataset.metric)).toEqual(['f1']);
  });

  it('shows the row even when the runs have no metric in common', () => {
    render(<MetricComparisonTable comparison={withSuccess([], success({ informativePairs: 11, verdict: 'regressed' }))} />);
    expect(screen.getAllByTestId('metric-row').map((r) => r.dataset.metric)).toEqual(['task success']);
  });

  it('shows huge means, changes and bounds in exponent form with the exact values as titles (Mean A was 309 digits)', () => {
    render(
      <MetricComparisonTable
        comparison={comparison([metric({ metric: 'huge', meanA: 1.2345678e308, meanB: 1e300, difference: -1.2345677e308, ci: { low: -1.5e308, high: -1e307, confidence: 0.95 } })])}
      />,
    );
    const row = screen.getByRole('row', { name: /^huge/ });
    const cells = [...row.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells).toContain('1.23e+308');
    expect(cells).toContain('1e+300');
    expect(cells).toContain('−1.23e+308');
    expect(screen.getByTestId('ci-huge').textContent).toBe('-1.5e+308 … -1e+307');
    expect(within(row).getByText('1.23e+308').getAttribute('title')).toBe('1.2345678e+308');
    expect(within(row).getByText('−1.23e+308').getAttribute('title')).toBe('-1.2345677e+308');
    for (const cell of row.querySelectorAll('td.num')) expect(cell.textContent!.length).toBeLessThan(20);
  });
});
