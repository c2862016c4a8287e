import { describe, expect, it } from 'vitest';
import { apiUrl } from '../../api/client';
import { EMPTY_FILTERS, hasQuickFilters, itemQueryParams } from './itemQuery';

describe('itemQueryParams (filters → the items request)', () => {
  it('asks for all items when nothing is set', () => {
    expect(itemQueryParams(EMPTY_FILTERS)).toEqual({});
  });

  it('sends a typed query alone, even when quick filters are set (the API refuses both)', () => {
    const params = itemQueryParams({ q: ' failed items ', status: ['completed'], metric: 'f1', min: '0.2', max: '' });
    expect(params).toEqual({ q: 'failed items' });
    expect(apiUrl('/runs/x/items', params)).toBe('/api/v1/runs/x/items?q=failed+items');
  });

  it('turns status and a score range into the structured filters', () => {
    const params = itemQueryParams({ q: '', status: ['failed', 'skipped'], metric: 'f1', min: '0.2', max: '0.6' });
    expect(params).toEqual({ status: ['failed', 'skipped'], metric: 'f1', minScore: 0.2, maxScore: 0.6 });
    expect(apiUrl('/runs/x/items', params)).toBe('/api/v1/runs/x/items?status=failed&status=skipped&metric=f1&minScore=0.2&maxScore=0.6');
  });

  it('leaves out a bound that is not a number, a metric without bounds and unknown statuses', () => {
    expect(itemQueryParams({ q: '', status: ['nope'], metric: 'f1', min: 'abc', max: '' })).toEqual({});
    expect(itemQueryParams({ q: '', status: [], metric: 'f1', min: '', max: '0.5' })).toEqual({ metric: 'f1', maxScore: 0.5 });
  });

  it('knows when quick filters are in use', () => {
    expect(hasQuickFilters(EMPTY_FILTERS)).toBe(false);
    expect(hasQuickFilters({ ...EMPTY_FILTERS, status: ['failed'] })).toBe(true);
    expect(hasQuickFilters({ ...EMPTY_FILTERS, metric: 'f1' })).toBe(false);
    expect(hasQuickFilters({ ...EMPTY_FILTERS, metric: 'f1', min: '0' })).toBe(true);
  });
});
