import type { QueryParams } from '../../api/client';

/** Item statuses the API filters by (storage's ITEM_STATUSES). */
export const ITEM_STATUSES = ['completed', 'failed', 'skipped', 'pending'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/**
 * What the items table shows, as kept in the page URL: either an item query (`q`) or the quick filters (status,
 * metric with a min/max score). The API refuses both at once, so a query, when given, wins and the filters wait.
 */
export interface ItemFilterState {
  q: string;
  status: string[];
  metric: string;
  min: string;
  max: string;
}

export const EMPTY_FILTERS: ItemFilterState = { q: '', status: [], metric: '', min: '', max: '' };

/** Whether any quick filter (status or score range) is set. */
export function hasQuickFilters(state: ItemFilterState): boolean {
  return state.status.length > 0 || (state.metric !== '' && (isNumber(state.min) || isNumber(state.max)));
}

function isNumber(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}

/**
 * The query parameters of GET /runs/:run/items for a filter state: `q` alone when a query is typed, otherwise the
 * structured filters (a score bound is only sent with its metric, and only when it is a number).
 */
export function itemQueryParams(state: ItemFilterState): QueryParams {
  const q = state.q.trim();
  if (q) return { q };
  const params: QueryParams = {};
  const status = state.status.filter((s): s is ItemStatus => (ITEM_STATUSES as readonly string[]).includes(s));
  if (status.length) params.status = status;
  if (state.metric && (isNumber(state.min) || isNumber(state.max))) {
    params.metric = state.metric;
    if (isNumber(state.min)) params.minScore = Number(state.min);
    if (isNumber(state.max)) params.maxScore = Number(state.max);
  }
  return params;
}
