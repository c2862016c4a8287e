import { describe, expect, it } from 'vitest';
import { bucketRange, bucketRunsHref, runHasMetric, toChartPoints } from './trendData';

describe('trend data', () => {
  it('turns the API points into chart points on a time axis with a min-max band', () => {
    const points = toChartPoints([
      { bucket: '2026-11-29', mean: 0.7, min: 0.6, max: 0.8, runs: 2 },
      { bucket: '2026-12-01', mean: 0.71, min: 0.71, max: 0.71, runs: 1 },
    ]);
    expect(points).toEqual([
      { x: Date.UTC(2026, 10, 29), bucket: '2026-11-29', mean: 0.7, min: 0.6, max: 0.8, range: [0.6, 0.8], runs: 2 },
      { x: Date.UTC(2026, 11, 1), bucket: '2026-12-01', mean: 0.71, min: 0.71, max: 0.71, range: [0.71, 0.71], runs: 1 },
    ]);
  });

  it('gives a day or a week bucket its UTC time range', () => {
    expect(bucketRange('2026-12-01', 'day')).toEqual({ start: '2026-12-01T00:00:00.000Z', end: '2026-12-02T00:00:00.000Z' });
    expect(bucketRange('2026-11-30', 'week')).toEqual({ start: '2026-11-30T00:00:00.000Z', end: '2026-12-07T00:00:00.000Z' });
  });

  it('links a bucket to the runs page with the same project, dataset, model and metric and the bucket time range', () => {
    const href = bucketRunsHref({ metric: 'f1', project: 'alpha', dataset: 'qa', model: 'gpt-4o', since: '30d', bucket: 'day' }, '2026-12-01');
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      status: 'completed',
      createdAfter: '2026-12-01T00:00:00.000Z',
      createdBefore: '2026-12-02T00:00:00.000Z',
      project: 'alpha',
      dataset: 'qa',
      model: 'gpt-4o',
      // Only the runs with a mean of f1, as the trend counts them.
      sort: 'metric:f1:desc',
    });
  });

  it('starts the first bucket of a link where the trend starts, and lists every completed run for the success rate', () => {
    const filters = { metric: 'success_rate', since: '30d', bucket: 'week' as const, startsAt: '2026-11-04T13:11:54.000Z' };
    expect(Object.fromEntries(new URL(bucketRunsHref(filters, '2026-11-02'), 'http://x').searchParams)).toEqual({
      status: 'completed',
      createdAfter: '2026-11-04T13:11:54.000Z',
      createdBefore: '2026-11-09T00:00:00.000Z',
    });
    expect(new URL(bucketRunsHref(filters, '2026-11-09'), 'http://x').searchParams.get('createdAfter')).toBe('2026-11-09T00:00:00.000Z');
  });

  it('counts a run towards a metric it used, and every run towards the success rate', () => {
    expect(runHasMetric({ metricsUsed: ['f1'] }, 'f1')).toBe(true);
    expect(runHasMetric({ metricsUsed: ['rouge_l'] }, 'f1')).toBe(false);
    expect(runHasMetric({ metricsUsed: [] }, 'success_rate')).toBe(true);
  });
});
