import type { FilterNode, RunSort } from './filter';
import { KNOWN_METRIC_WORDS, numberFieldLabel, runTargetAt, type MetricTarget, type TargetMatch } from './metric-names';
import { limitAt, matchPhrase, sliceTokens, unusableLimitAt, wordAt, type Match, type RuleContext } from './rule';

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
  ['cheapest', { field: 'totalCost', direction: 'asc' }],
  ['priciest', { field: 'totalCost', direction: 'desc' }],
  ['costliest', { field: 'totalCost', direction: 'desc' }],
]);
/** Adjectives of cost after "most" / "least": "most expensive", "least costly". */
const COST_ADJECTIVES: ReadonlySet<string> = new Set(['expensive', 'costly', 'pricey']);
/** Columns runs can be sorted by (the engine maps each to a fixed SQL expression). */
const SORTABLE: ReadonlySet<string> = new Set(['successRate', 'durationSeconds', 'avgResponseTime', 'totalTokens', 'totalCost']);
/** Words that rank by a count they name: "most failures", "fewest failed items". */
const AMOUNT_RANKING: ReadonlyMap<string, Direction> = new Map<string, Direction>([
  ['most', 'desc'], ['fewest', 'asc'], ['least', 'asc'],
]);
/** Nouns that name a run's failed items in a sort ("sort by failures"); "failed" alone is a status ("top 5 failed runs"). */
const FAILURE_NOUNS: ReadonlySet<string> = new Set(['failures', 'failure', 'errors', 'error']);
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
  ...RECENCY.keys(), ...RANKING.keys(), ...SUPERLATIVES.keys(), ...AMOUNT_RANKING.keys(), 'first', 'limit', 'sorted', 'sort', 'order', 'ordered',
]);

/** A count after a sort word ("latest 5"); 0, and a number that is no whole number ("top 1.5"), are reported and ignored. */
function countAt(ctx: RuleContext, i: number): { limit?: number; end: number; warnings?: string[] } {
  const n = limitAt(ctx, i);
  const unusable = n === undefined ? unusableLimitAt(ctx, i) : undefined;
  if (unusable !== undefined) return { end: i + 1, warnings: [`ignored limit ${unusable}: a limit is a whole number of runs`] };
  if (n === undefined) return { end: i };
  return n === 0 ? { end: i + 1, warnings: ['ignored limit 0'] } : { limit: n, end: i + 1 };
}

function sortOf(target: MetricTarget, direction: Direction): RunSort | null {
  if (target.kind === 'metric') return { field: 'metric', metric: target.metric, direction };
  const field = target.field;
  return SORTABLE.has(field) ? ({ field, direction } as RunSort) : null;
}

/** What a sort names at `j`: a run column or metric ("error rate", "failed items"), or failed items as "failures". */
function sortTargetAt(ctx: RuleContext, j: number): TargetMatch | null {
  const target = runTargetAt(ctx, j);
  if (target) return target;
  const word = wordAt(ctx, j);
  return word !== undefined && FAILURE_NOUNS.has(word) ? { target: { kind: 'number', field: 'failedItems' }, end: j + 1, definite: true } : null;
}

/** Error rate and failed items: measures of failure, whose highest values are nearest the lowest success rates. */
function isFailureMeasure(target: MetricTarget): boolean {
  return target.kind === 'number' && (target.field === 'errorRate' || target.field === 'failedItems');
}

/**
 * The order used for a measure runs cannot be sorted by, and the warning that says so. A measure of failure sorts by
 * success rate the other way round (the highest error rates are nearest the lowest success rates; the two differ
 * only by skipped items); any other measure is ignored, leaving `otherwise` (success rate for "top 10", none for "most").
 */
function fallbackSort(ctx: RuleContext, from: number, target: TargetMatch, direction: Direction, otherwise: Direction | null): { sort?: RunSort; warning: string } {
  const measure = target.target.kind === 'number' ? numberFieldLabel(target.target.field) : target.target.metric;
  if (isFailureMeasure(target.target)) {
    const inverse: Direction = direction === 'asc' ? 'desc' : 'asc';
    const order = inverse === 'asc' ? 'lowest' : 'highest';
    return { sort: { field: 'successRate', direction: inverse }, warning: `runs cannot be sorted by ${measure}: sorted by success rate, ${order} first, instead` };
  }
  return {
    ...(otherwise ? { sort: { field: 'successRate', direction: otherwise } } : {}),
    warning: `ignored "${sliceTokens(ctx, from, target.end)}": runs cannot be sorted by ${measure}`,
  };
}

function result(end: number, sort: RunSort | undefined, count: { limit?: number; warnings?: string[] }): SortMatch {
  return { end, ...(sort ? { sort } : {}), ...(count.limit !== undefined ? { limit: count.limit } : {}), ...(count.warnings ? { warnings: count.warnings } : {}) };
}

/** "latest 5", "oldest first", "top 10 by exact_match", "slowest runs", "highest success rate", "limit 20", "sorted by name". */
export function runSortRule(ctx: RuleContext, i: number): SortMatch | null {
  const word = wordAt(ctx, i);
  if (word === undefined) return null;
  if (limitAt(ctx, i) !== undefined) return countBeforeSortAt(ctx, i);
  if (word === 'by') return measureAfterByAt(ctx, i + 1);
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
  const amount = AMOUNT_RANKING.get(word);
  if (amount) return amountRankingAt(ctx, i, amount);
  const sortBy = matchPhrase(ctx, i, SORT_BY);
  return sortBy ? sortByAt(ctx, sortBy[1]) : null;
}

/**
 * "5 latest runs", "10 slowest", "3 most expensive runs": a count before a sort word is its limit ("last", "first" and
 * "limit" take theirs after them).
 */
function countBeforeSortAt(ctx: RuleContext, i: number): SortMatch | null {
  const next = wordAt(ctx, i + 1);
  if (next === undefined || next === 'last' || next === 'first' || next === 'limit' || next === 'by') return null;
  const sort = runSortRule(ctx, i + 1);
  if (!sort?.sort || sort.limit !== undefined) return null;
  const count = countAt(ctx, i);
  const warnings = [...(count.warnings ?? []), ...(sort.warnings ?? [])];
  return { ...sort, ...(count.limit !== undefined ? { limit: count.limit } : {}), ...(warnings.length ? { warnings } : {}) };
}

/**
 * "runs by cost", "by tokens", "by accuracy": "by" before a run column or a known metric sorts by it, highest first (as
 * "sort by" does); so does "by name" (A to Z), "by date" (newest first), "by newest" and "by oldest". Any other word
 * after "by" is who created the run ("by ana", "by ana_smith").
 */
function measureAfterByAt(ctx: RuleContext, j: number): SortMatch | null {
  const word = wordAt(ctx, j);
  if (word === 'name' || (word !== undefined && CREATED_WORDS.has(word)) || recencyAt(ctx, j)) return sortByAt(ctx, j);
  const target = runTargetAt(ctx, j);
  if (!target) return null;
  if (target.target.kind === 'metric') {
    const metric = target.target.metric.toLowerCase();
    if (!KNOWN_METRIC_WORDS.has(metric) && !ctx.options.metrics.some((m) => m.toLowerCase() === metric)) return null;
  }
  return sortByAt(ctx, j);
}

/** "top 10 by exact_match", "worst 5 runs by accuracy", "highest success rate", "best runs". */
function rankingAt(ctx: RuleContext, i: number, word: string, direction: Direction): SortMatch | null {
  const count = countAt(ctx, i + 1);
  let j = count.end;
  while (wordAt(ctx, j) === 'runs' || wordAt(ctx, j) === 'run') j++;
  const by = ['by', 'on', 'for', 'in'].includes(wordAt(ctx, j) ?? '') ? j + 1 : j;
  // "top 5 by failures"; without "by", "top 5 failed runs" are failed runs.
  const target = by > j ? sortTargetAt(ctx, by) : runTargetAt(ctx, by);
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
    const fallback = fallbackSort(ctx, j, target, direction, direction);
    return result(target.end, fallback.sort, { ...count, warnings: [...(count.warnings ?? []), fallback.warning] });
  }
  return result(target.end, sort, count);
}

/** "most failures", "fewest failed items", "most tokens", "most expensive": a ranking by the count or measure named. */
function amountRankingAt(ctx: RuleContext, i: number, direction: Direction): SortMatch | null {
  // "most expensive 5" takes a count, as "cheapest 5" does.
  if (COST_ADJECTIVES.has(wordAt(ctx, i + 1) ?? '')) {
    const count = countAt(ctx, i + 2);
    return result(count.end, { field: 'totalCost', direction }, count);
  }
  const target = sortTargetAt(ctx, i + 1);
  if (!target) return null;
  const sort = sortOf(target.target, direction);
  if (sort) return { end: target.end, sort };
  const fallback = fallbackSort(ctx, i + 1, target, direction, null);
  return { end: target.end, ...(fallback.sort ? { sort: fallback.sort } : {}), warnings: [fallback.warning] };
}

/**
 * A recency word after "by" or "sort by" ("by newest", "sort by oldest first"), as the order it names. "last" is not
 * one here: "by last week" is no order.
 */
function recencyAt(ctx: RuleContext, j: number): { sort: RunSort; end: number } | null {
  const recency = matchPhrase(ctx, j, RECENCY_PHRASES);
  if (!recency || recency[0] === 'last') return null;
  const end = wordAt(ctx, recency[1]) === 'first' ? recency[1] + 1 : recency[1];
  return { sort: { field: 'createdAt', direction: RECENCY.get(recency[0])! }, end };
}

/** "sorted by name", "order by created desc", "sort by accuracy ascending", "sort by creation date", "sort by newest". */
function sortByAt(ctx: RuleContext, j: number): SortMatch | null {
  const recency = recencyAt(ctx, j);
  if (recency) return { end: recency.end, sort: recency.sort };
  const word = wordAt(ctx, j);
  let sort: RunSort | null = null;
  let end = j + 1;
  let target: TargetMatch | null = null;
  if (word === 'name') sort = { field: 'name', direction: 'asc' };
  else if (word !== undefined && CREATED_WORDS.has(word)) {
    sort = { field: 'createdAt', direction: 'desc' };
    // "creation date", "created time": one order, not an order and the text "date".
    if (CREATED_WORDS.has(wordAt(ctx, end) ?? '')) end++;
  } else {
    target = sortTargetAt(ctx, j);
    if (target) {
      sort = sortOf(target.target, 'desc');
      end = target.end;
    }
  }
  const phrase = matchPhrase(ctx, end, DIRECTION_PHRASES);
  const direction = phrase ? DIRECTION_WORDS.get(phrase[0])! : undefined;
  const stop = phrase ? phrase[1] : end;
  if (!sort && target) {
    // "sort by error rate": by success rate the other way round, with a warning (see fallbackSort).
    const fallback = fallbackSort(ctx, j, target, direction ?? 'desc', null);
    return { end: stop, ...(fallback.sort ? { sort: fallback.sort } : {}), warnings: [fallback.warning] };
  }
  if (!sort) return null;
  return { end: stop, sort: direction ? { ...sort, direction } : sort };
}
