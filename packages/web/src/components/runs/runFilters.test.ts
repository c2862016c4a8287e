import { describe, expect, it } from 'vitest';
import { addFilter, listParams, nextSort, parseSort, readChips, removeFilter, sortOf, STATUS_CHOICES } from './runFilters';
import { compareUrl, toggle } from './selection';
import type { RunJson } from '../../api/types';

describe('run filters in the URL', () => {
  it('offers as status filters the statuses GET /runs accepts, abandoned included, and never pending (a 400 there)', () => {
    expect(STATUS_CHOICES).toEqual(['running', 'completed', 'failed', 'cancelled', 'abandoned']);
    expect(listParams(new URLSearchParams(STATUS_CHOICES.map((s) => `status=${s}`).join('&')))).toMatchObject({ status: STATUS_CHOICES });
  });

  it('reads chips for every structured filter, several values for repeatable ones', () => {
    const params = new URLSearchParams('q=x&status=failed&status=running&project=alpha&tag=nightly&sel=abc');
    expect(readChips(params).map((c) => `${c.label}: ${c.value}`)).toEqual(['status: failed', 'status: running', 'project: alpha', 'tag: nightly']);
  });

  it('adds values to repeatable filters, replaces single ones, and ignores a value already there', () => {
    const params = new URLSearchParams('status=failed&project=alpha');
    expect(addFilter(params, 'status', 'running')).toEqual({ status: ['failed', 'running'] });
    expect(addFilter(params, 'status', 'failed')).toBeNull();
    expect(addFilter(params, 'project', 'beta')).toEqual({ project: 'beta' });
    expect(removeFilter(params, { key: 'status', label: 'status', value: 'failed' })).toEqual({ status: [] });
  });

  it('turns the URL into API parameters, leaving out the selection', () => {
    const out = listParams(new URLSearchParams('q=failed+runs&status=failed&tag=a&tag=b&sort=name:asc&sel=x'));
    expect(out).toMatchObject({ q: 'failed runs', status: ['failed'], tag: ['a', 'b'], sort: 'name:asc' });
    expect(out).not.toHaveProperty('sel');
  });

  it('flips the direction of the sorted column and starts a new column in its natural direction', () => {
    expect(parseSort('name:asc')).toEqual({ field: 'name', direction: 'asc' });
    expect(parseSort('metric:f1:desc')).toBeNull();
    expect(nextSort({ field: 'name', direction: 'asc' }, 'name')).toBe('name:desc');
    expect(nextSort({ field: 'name', direction: 'asc' }, 'successRate')).toBe('successRate:desc');
    expect(nextSort(null, 'name')).toBe('name:asc');
  });

  it('sorts by total tokens and total cost, biggest first, from the URL and from an answer', () => {
    expect(parseSort('totalTokens:desc')).toEqual({ field: 'totalTokens', direction: 'desc' });
    expect(parseSort('totalCost:asc')).toEqual({ field: 'totalCost', direction: 'asc' });
    expect(nextSort(null, 'totalTokens')).toBe('totalTokens:desc');
    expect(nextSort({ field: 'totalTokens', direction: 'desc' }, 'totalCost')).toBe('totalCost:desc');
    expect(nextSort({ field: 'totalCost', direction: 'desc' }, 'totalCost')).toBe('totalCost:asc');
    expect(sortOf({ field: 'totalCost', direction: 'asc' })).toEqual({ field: 'totalCost', direction: 'asc' });
    expect(sortOf({ field: 'metric', direction: 'asc' })).toBeNull();
    expect(listParams(new URLSearchParams('sort=totalTokens:asc')).sort).toBe('totalTokens:asc');
  });
});

describe('selection', () => {
  const run = (id: string, createdAt: string) => ({ id, createdAt }) as RunJson;

  it('toggles ids in and out', () => {
    expect(toggle(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a')).toEqual(['b']);
  });

  it('compares the older run (baseline) with the newer, whatever the order of selection', () => {
    const known = new Map([
      ['new', run('new', '2026-12-02T00:00:00Z')],
      ['old', run('old', '2026-12-01T00:00:00Z')],
    ]);
    expect(compareUrl(['new', 'old'], known)).toBe('/compare?a=old&b=new');
    expect(compareUrl(['old', 'new'], known)).toBe('/compare?a=old&b=new');
    // Unknown runs (selected on a shared URL): the order of selection.
    expect(compareUrl(['x', 'y'], new Map())).toBe('/compare?a=x&b=y');
  });
});
