import type { ItemFilterNode, ParsedItemQuery } from './filter';
import { metricNameAt } from './metric-names';
import { limitAt, matchPhrase, wordAt, type Match, type RuleContext } from './rule';

/** Orders items can be sorted in. */
export type ItemSort = NonNullable<ParsedItemQuery['sort']>;
type SortMatch = Match<ItemFilterNode, ItemSort>;
type Direction = 'asc' | 'desc';

const SPEED: ReadonlyMap<string, Direction> = new Map<string, Direction>([
  ['slowest', 'desc'], ['fastest', 'asc'], ['quickest', 'asc'],
]);
/** "worst 10 by exact_match" → score ascending; without "by" the engine picks the run's first metric. */
const RANKING: ReadonlyMap<string, Direction> = new Map<string, Direction>([
  ['top', 'desc'], ['best', 'desc'], ['highest', 'desc'], ['worst', 'asc'], ['bottom', 'asc'], ['lowest', 'asc'],
]);
const SORT_BY = ['sorted by', 'sort by', 'order by', 'ordered by'];
const SORT_KEYS = ['response time', 'latency', 'position', 'order', 'sequence'];
const DIRECTIONS: ReadonlyMap<string, Direction> = new Map<string, Direction>([
  ['asc', 'asc'], ['ascending', 'asc'], ['desc', 'desc'], ['descending', 'desc'],
]);

function withCount(end: number, sort: ItemSort | undefined, ctx: RuleContext, i: number): SortMatch {
  const n = limitAt(ctx, i);
  const tail = n === undefined ? end : i + 1;
  const limit = n === undefined || n === 0 ? {} : { limit: n };
  const warnings = n === 0 ? { warnings: ['ignored limit 0'] } : {};
  return { end: Math.max(end, tail), ...(sort ? { sort } : {}), ...limit, ...warnings };
}

/** "slowest 20", "fastest 5", "worst 10 by exact_match", "first 10", "last 10", "limit 50", "sorted by response time". */
export function itemSortRule(ctx: RuleContext, i: number): SortMatch | null {
  const word = wordAt(ctx, i);
  if (word === undefined) return null;
  const speed = SPEED.get(word);
  if (speed) return withCount(i + 1, { field: 'responseTime', direction: speed }, ctx, i + 1);
  if (word === 'limit') return limitAt(ctx, i + 1) === undefined ? null : withCount(i + 1, undefined, ctx, i + 1);
  if (word === 'first' || word === 'last') {
    if (limitAt(ctx, i + 1) === undefined) return null;
    return withCount(i + 1, { field: 'sequenceNumber', direction: word === 'first' ? 'asc' : 'desc' }, ctx, i + 1);
  }
  const direction = RANKING.get(word);
  if (direction) {
    const n = limitAt(ctx, i + 1);
    let j = n === undefined ? i + 1 : i + 2;
    while (['items', 'item', 'outputs', 'answers'].includes(wordAt(ctx, j) ?? '')) j++;
    const by = ['by', 'on', 'for', 'in'].includes(wordAt(ctx, j) ?? '') ? j + 1 : j;
    const metric = metricNameAt(ctx, by);
    if (!metric && (word === 'highest' || word === 'lowest')) return null;
    const sort: ItemSort = metric ? { field: 'score', metric: metric.metric, direction } : { field: 'score', direction };
    return withCount(metric ? metric.end : j, sort, ctx, n === undefined ? -1 : i + 1);
  }
  const sortBy = matchPhrase(ctx, i, SORT_BY);
  if (!sortBy) return null;
  const key = matchPhrase(ctx, sortBy[1], SORT_KEYS);
  const metric = key ? null : metricNameAt(ctx, sortBy[1]);
  if (!key && !metric) return null;
  const end = key ? key[1] : metric!.end;
  const sort: ItemSort = !key
    ? { field: 'score', metric: metric!.metric, direction: 'desc' }
    : key[0] === 'response time' || key[0] === 'latency'
      ? { field: 'responseTime', direction: 'desc' }
      : { field: 'sequenceNumber', direction: 'asc' };
  const dir = wordAt(ctx, end);
  const explicit = dir === undefined ? undefined : DIRECTIONS.get(dir);
  return explicit ? { end: end + 1, sort: { ...sort, direction: explicit } } : { end, sort };
}
