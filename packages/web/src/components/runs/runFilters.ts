import type { QueryParams } from '../../api/client';
import type { RunPageJson, RunStatusFilter } from '../../api/types';

/**
 * The structured filters of GET /runs that the runs page keeps in its URL under the API's own names, so a URL such as
 * `/?project=alpha&status=failed` (linked from other pages) is also the API query. Repeatable ones may hold several values.
 */
export const FILTER_KEYS = [
  { key: 'status', label: 'status', multi: true },
  { key: 'project', label: 'project', multi: false },
  { key: 'dataset', label: 'dataset', multi: false },
  { key: 'model', label: 'model', multi: false },
  { key: 'tag', label: 'tag', multi: true },
  { key: 'anyTag', label: 'any tag', multi: true },
  { key: 'createdBy', label: 'created by', multi: false },
  { key: 'createdAfter', label: 'created after', multi: false },
  { key: 'createdBefore', label: 'created before', multi: false },
  { key: 'minSuccessRate', label: 'success ≥', multi: false },
  { key: 'maxSuccessRate', label: 'success ≤', multi: false },
  { key: 'text', label: 'text', multi: false },
] as const;

export type FilterKey = (typeof FILTER_KEYS)[number]['key'];

/**
 * The statuses the status filter offers, in menu order: every one GET /runs accepts and no other (the type comes from
 * the API's own query schema, so a status it refuses with a 400, such as "pending", or one it adds, fails typecheck).
 */
export const STATUS_CHOICES = Object.keys({
  running: true,
  completed: true,
  failed: true,
  cancelled: true,
  abandoned: true,
} satisfies Record<RunStatusFilter, true>) as RunStatusFilter[];

/** One active filter value, as a chip shows it. */
export interface FilterChip {
  key: FilterKey;
  label: string;
  value: string;
}

/** The active filters of a URL, in the order of FILTER_KEYS. */
export function readChips(params: URLSearchParams): FilterChip[] {
  return FILTER_KEYS.flatMap(({ key, label, multi }) => {
    const values = multi ? params.getAll(key) : params.has(key) ? [params.get(key)!] : [];
    return values.filter((v) => v !== '').map((value) => ({ key, label, value }));
  });
}

/** The URL change that adds `value` to a filter (a single-valued one is replaced); null when nothing changes. */
export function addFilter(params: URLSearchParams, key: FilterKey, value: string): Record<string, string | string[]> | null {
  const spec = FILTER_KEYS.find((f) => f.key === key)!;
  if (spec.multi) {
    const values = params.getAll(key);
    return values.includes(value) ? null : { [key]: [...values, value] };
  }
  return params.get(key) === value ? null : { [key]: value };
}

/** The URL change that removes one chip. */
export function removeFilter(params: URLSearchParams, chip: FilterChip): Record<string, string[]> {
  return { [chip.key]: params.getAll(chip.key).filter((v) => v !== chip.value) };
}

/** The URL change that clears every filter (and the query). */
export function clearFilters(): Record<string, null> {
  return Object.fromEntries([...FILTER_KEYS.map((f) => f.key), 'q'].map((k) => [k, null]));
}

/** Fields the run list sorts by (the API's RUN_LIST_SORT_FIELDS; a field the API does not name fails the typecheck). */
export const SORT_FIELDS = [
  'createdAt',
  'name',
  'successRate',
  'durationSeconds',
  'avgResponseTime',
  'totalTokens',
  'totalCost',
] as const satisfies ReadonlyArray<Exclude<RunPageJson['sort']['field'], 'metric'>>;
export type SortField = (typeof SORT_FIELDS)[number];
export interface Sort {
  field: SortField;
  direction: 'asc' | 'desc';
}

/** `sort=field:dir` of the URL, or null when absent or not one of ours. */
export function parseSort(text: string | undefined): Sort | null {
  const match = /^(\w+):(asc|desc)$/.exec(text ?? '');
  if (!match || !(SORT_FIELDS as readonly string[]).includes(match[1]!)) return null;
  return { field: match[1] as SortField, direction: match[2] as 'asc' | 'desc' };
}

/** The sort an API answer was served in, when it is one of the table's sort fields (not a metric). */
export function sortOf(served: { field: string; direction: 'asc' | 'desc' } | undefined): Sort | null {
  return served && (SORT_FIELDS as readonly string[]).includes(served.field) ? { field: served.field as SortField, direction: served.direction } : null;
}

/**
 * The sort after clicking a column header: the same column flips direction; a new column starts in its natural
 * direction (names A→Z, everything else biggest/newest first).
 */
export function nextSort(current: Sort | null, field: SortField): string {
  if (current?.field === field) return `${field}:${current.direction === 'asc' ? 'desc' : 'asc'}`;
  return `${field}:${field === 'name' ? 'asc' : 'desc'}`;
}

/** The GET /runs parameters of a URL (q, filters, sort); paging is added by the caller. */
export function listParams(params: URLSearchParams): QueryParams {
  const out: QueryParams = {};
  const q = params.get('q')?.trim();
  if (q) out.q = q;
  for (const { key, multi } of FILTER_KEYS) {
    const values = params.getAll(key).filter((v) => v !== '');
    if (values.length) out[key] = multi ? values : values[0];
  }
  const sort = params.get('sort');
  if (sort) out.sort = sort;
  // The browser's zone, so "today" and "this week" in q mean the user's day and week.
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (tz) out.tz = tz;
  return out;
}
