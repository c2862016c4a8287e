import { compareRuns } from '../../api/endpoints';
import type { QueryParams } from '../../api/client';

/** The item lists of a comparison (the API's names). */
export type ChangeList = 'improved' | 'regressed' | 'onlyInA' | 'onlyInB';
export const CHANGE_LISTS: readonly ChangeList[] = ['improved', 'regressed', 'onlyInA', 'onlyInB'];

/** How the URL's `only` values are spelled (short, readable in a shared link). */
export const ONLY_VALUES: Record<string, ChangeList> = {
  improved: 'improved',
  regressed: 'regressed',
  onlyInA: 'onlyInA',
  onlyInB: 'onlyInB',
};

/** The options of GET /compare that the page keeps in its URL (everything but the runs and item paging). */
export interface CompareOptions {
  confidence?: string;
  minEffect?: string;
  metrics?: string;
  lowerIsBetter?: string;
  primaryMetric?: string;
}

export const OPTION_KEYS = ['confidence', 'minEffect', 'metrics', 'lowerIsBetter', 'primaryMetric'] as const;

/** Reads the comparison options from the URL (absent ones stay undefined so the API's defaults apply). */
export function optionsFrom(get: (key: string) => string | undefined): CompareOptions {
  const options: CompareOptions = {};
  for (const key of OPTION_KEYS) {
    const value = get(key)?.trim();
    if (value) options[key] = value;
  }
  return options;
}

/** The query of GET /compare for runs a, b and the options. */
export function compareParams(a: string, b: string, options: CompareOptions, extra: QueryParams = {}): QueryParams {
  return { a, b, ...options, ...extra };
}

/**
 * The query of a comparison's head (totals, statistics, list counts; itemsLimit=0: the item lists are paged as they
 * scroll). Under ['runs']: live events refetch it. The page and the start-up prefetch (main.tsx) share it.
 */
export function comparisonQuery(a: string, b: string, options: CompareOptions) {
  return {
    queryKey: ['runs', 'compare', a, b, options] as const,
    queryFn: ({ signal }: { signal: AbortSignal }) => compareRuns(compareParams(a, b, options, { itemsLimit: 0 }), signal),
  };
}
