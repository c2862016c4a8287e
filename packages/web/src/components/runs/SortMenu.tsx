import { displayText } from '../JsonOrText';
import { SORT_FIELDS, type Sort, type SortField } from './runFilters';

/** How each order reads in the menu: the natural direction (nextSort's) first. */
const LABELS: Record<SortField, { desc: string; asc: string }> = {
  createdAt: { desc: 'Newest first', asc: 'Oldest first' },
  name: { asc: 'Name A→Z', desc: 'Name Z→A' },
  successRate: { desc: 'Highest success', asc: 'Lowest success' },
  durationSeconds: { desc: 'Longest duration', asc: 'Shortest duration' },
  avgResponseTime: { desc: 'Slowest responses', asc: 'Fastest responses' },
  totalTokens: { desc: 'Most tokens', asc: 'Fewest tokens' },
  totalCost: { desc: 'Most expensive', asc: 'Cheapest' },
};

/** Every order of the menu as `field:direction` (the URL's and the API's `sort`) with its label. */
export const SORT_CHOICES = SORT_FIELDS.flatMap((field) =>
  (Object.keys(LABELS[field]) as Array<'asc' | 'desc'>).map((direction) => ({ value: `${field}:${direction}`, label: LABELS[field][direction] })),
);

/**
 * The run list's order as a menu: every sort field, including those without a column on screen (tokens and cost on a
 * medium screen). It shows the order the list is in, whether chosen here, by a column header or by the query.
 */
export function SortMenu({
  sort,
  metric,
  onSort,
}: {
  sort: Sort | null;
  /** A metric order the list is in (`sort=metric:<name>`, e.g. from a trend point): it lists only runs with the metric. */
  metric?: { metric: string; direction: 'asc' | 'desc' } | null;
  onSort: (value: string) => void;
}) {
  const metricValue = metric ? `metric:${metric.metric}:${metric.direction}` : null;
  const value = sort ? `${sort.field}:${sort.direction}` : (metricValue ?? '');
  return (
    <select className="sort-menu" aria-label="Sort runs" value={value} onChange={(e) => e.target.value && onSort(e.target.value)}>
      {value === '' && (
        <option value="" disabled>
          Sort…
        </option>
      )}
      {!sort && metric && (
        <option value={metricValue!} disabled>
          {`${displayText(metric.metric)}, ${metric.direction === 'desc' ? 'highest' : 'lowest'} first (runs with it only)`}
        </option>
      )}
      {SORT_CHOICES.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </select>
  );
}
