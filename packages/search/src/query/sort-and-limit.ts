import type { FilterNode, RunSort } from './filter';
import { numberFieldLabel, runTargetAt, type MetricTarget } from './metric-names';
import { integerAt, matchPhrase, sliceTokens, wordAt, type Match, type RuleContext } from './rule';

type SortMatch = Match<FilterNode, RunSort>;
type Direction = 'asc' | 'desc';

/** Words that order by creation time. */
const RECENCY: ReadonlyMap<string, Direction> = new Map<string, Direction>([
  ['latest', 'desc'], ['newest', 'desc'], ['most recent', 'desc'], ['recent', 'desc'], ['last', 'desc'],
  ['oldest', 'asc'], ['earliest', 'asc'],
]);
/** Words that rank by a measure; "top 10" alone ranks by success rate. */
const RANKING: ReadonlyMap<string, Direction> = new Map<string, Direction>([
  ['top', 'desc'], ['best', 'desc'], ['highest', 'desc'], ['worst', 'asc'], ['bottom', 'asc'], ['lowest', 'asc'],
]);
/** Superlatives that name their own column. */
const SUPERLATIVES: ReadonlyMap<string, RunSort> = new Map<string, RunSort>([
  ['slowest', { field: 'avgResponseTime', direction: 'desc' }],
  ['fastest', { field: 'avgResponseTime', direction: 'asc' }],
  ['quickest', { field: 'avgResponseTime', direction: 'asc' }],
  ['longest', { field: 'durationSeconds', direction: 'desc' }],
  ['shortest', { field: 'durationSeconds', direction: 'asc' }],
]);
const DIRECTION_WORDS: ReadonlyMap<string, Direction> = new Map<string, Direction>([
  ['asc', 'asc'], ['ascending', 'asc'], ['desc', 'desc'], ['descending', 'desc'],
  ['newest first', 'desc'], ['latest first', 'desc'], ['oldest first', 'asc'], ['highest first', 'desc'], ['lowest first', 'asc'],
]);
const RECENCY_PHRASES = [...RECENCY.keys()];
const DIRECTION_PHRASES = [...DIRECTION_WORDS.keys()];
const SORT_BY = ['sorted by', 'sort by', 'order by', 'ordered by', 'sorted on', 'sort on'];
const CREATED_WORDS = new Set(['date', 'created', 'creation', 'time', 'created_at', 'createdat', 'recency', 'age']);

/** First words of sort and limit phrases, for the list of reserved words. */
export const SORT_WORDS: ReadonlySet<string> = new Set([
  ...RECENCY.keys(), ...RANKING.keys(), ...SUPERLATIVES.keys(), 'most', 'first', 'limit', 'sorted', 'sort', 'order', 'ordered',
]);

/** A count after a sort word ("latest 5"); 0 is reported and ignored. */
function countAt(ctx: RuleContext, i: number): { limit?: number; end: number; warnings?: string[] } {
  const n = integerAt(ctx, i);
  if (n === undefined) return { end: i };
  return n === 0 ? { end: i + 1, warnings: ['ignored limit 0'] } : { limit: n, end: i + 1 };
}

function sortOf(target: MetricTarget, direction: Direction): RunSort | null {
  if (target.kind === 'metric') return { field: 'metric', metric: target.metric, direction };
  const field = target.field;
  return field === 'successRate' || field === 'durationSeconds' || field === 'avgResponseTime' ? { field, direction } : null;
}

function result(end: number, sort: RunSort | undefined, count: { limit?: number; warnings?: string[] }): SortMatch {
  return { end, ...(sort ? { sort } : {}), ...(count.limit !== undefined ? { limit: count.limit } : {}), ...(count.warnings ? { warnings: count.warnings } : {}) };
}

/** "latest 5", "oldest first", "top 10 by exact_match", "slowest runs", "highest success rate", "limit 20", "sorted by name". */
export function runSortRule(ctx: RuleContext, i: number): SortMatch | null {
  const word = wordAt(ctx, i);
  if (word === undefined) return null;
  if (word === 'limit' || word === 'first') {
    const count = countAt(ctx, i + 1);
    return count.end > i + 1 ? result(count.end, undefined, count) : null;
  }
  const recency = matchPhrase(ctx, i, RECENCY_PHRASES);
  if (recency) {
    const sort: RunSort = { field: 'createdAt', direction: RECENCY.get(recency[0])! };
    const count = countAt(ctx, recency[1]);
    // "the latest run" (singular) is one run.
    if (count.end === recency[1] && wordAt(ctx, recency[1]) === 'run') return result(recency[1] + 1, sort, { limit: 1 });
    // "last week" and "last 3 days" were taken by the time rule, so "last" here means newest.
    const end = wordAt(ctx, count.end) === 'first' ? count.end + 1 : count.end;
    return result(end, sort, count);
  }
  const superlative = SUPERLATIVES.get(word);
  if (superlative) {
    const count = countAt(ctx, i + 1);
    return result(count.end, superlative, count);
  }
  const direction = RANKING.get(word);
  if (direction) return rankingAt(ctx, i, word, direction);
  const sortBy = matchPhrase(ctx, i, SORT_BY);
  return sortBy ? sortByAt(ctx, sortBy[1]) : null;
}

/** "top 10 by exact_match", "worst 5 runs by accuracy", "highest success rate", "best runs". */
function rankingAt(ctx: RuleContext, i: number, word: string, direction: Direction): SortMatch | null {
  const count = countAt(ctx, i + 1);
  let j = count.end;
  while (wordAt(ctx, j) === 'runs' || wordAt(ctx, j) === 'run') j++;
  const by = ['by', 'on', 'for', 'in'].includes(wordAt(ctx, j) ?? '') ? j + 1 : j;
  const target = runTargetAt(ctx, by);
  if (!target) {
    // "highest"/"lowest" need a column; "top 10" and "best runs" rank by success rate.
    if (word === 'highest' || word === 'lowest') return null;
    return result(j, { field: 'successRate', direction }, count);
  }
  const timed = target.target.kind === 'number' && target.target.field !== 'successRate';
  // Best/worst by a time mean shortest/longest; top/bottom/highest/lowest are literal.
  const dir = timed && (word === 'best' || word === 'worst') ? (direction === 'asc' ? 'desc' : 'asc') : direction;
  const sort = sortOf(target.target, dir);
  if (!sort) {
    const label = target.target.kind === 'number' ? numberFieldLabel(target.target.field) : target.target.metric;
    const warnings = [...(count.warnings ?? []), `ignored "${sliceTokens(ctx, j, target.end)}": runs cannot be sorted by ${label}`];
    // The highest error rates are nearest the lowest success rates, not the highest.
    const errorRate = target.target.kind === 'number' && target.target.field === 'errorRate';
    const fallback = errorRate ? (direction === 'asc' ? 'desc' : 'asc') : direction;
    return result(target.end, { field: 'successRate', direction: fallback }, { ...count, warnings });
  }
  return result(target.end, sort, count);
}

/** "sorted by name", "order by created desc", "sort by accuracy ascending". */
function sortByAt(ctx: RuleContext, j: number): SortMatch | null {
  const word = wordAt(ctx, j);
  let sort: RunSort | null = null;
  let end = j + 1;
  if (word === 'name') sort = { field: 'name', direction: 'asc' };
  else if (word !== undefined && CREATED_WORDS.has(word)) sort = { field: 'createdAt', direction: 'desc' };
  else {
    const target = runTargetAt(ctx, j);
    if (target) {
      sort = sortOf(target.target, 'desc');
      end = target.end;
    }
  }
  if (!sort) return null;
  const direction = matchPhrase(ctx, end, DIRECTION_PHRASES);
  if (direction) return { end: direction[1], sort: { ...sort, direction: DIRECTION_WORDS.get(direction[0])! } };
  return { end, sort };
}
