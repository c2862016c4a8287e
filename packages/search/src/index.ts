/** Parses the natural-language run query language (deterministic, no model calls). */
export { parseQuery, parseItemQuery } from './query';
/** Whether a time zone name is one the query dates and trend buckets (getMetricTrend's timeZone) accept. */
export { isValidTimeZone } from './query/time-zone';
/** Filter trees, sorts and parse results. */
export type {
  FilterNode,
  ItemFilterNode,
  ItemTextPlace,
  ParsedQuery,
  ParsedItemQuery,
  ParseOptions,
  RunSort,
  Comparison,
  TextField,
  NumberField,
} from './query/filter';
/** Searches runs and items, resolves run references, compares runs and computes metric trends. */
export { RunSearchEngine } from './engine/run-search-engine';
/** Options and results of the search engine. */
export type { SearchRunsOptions, SearchRunsResult, SearchItemsResult } from './engine/run-search-engine';
/** How "slow" and "fast" are decided. */
export type { SpeedOptions } from './engine/resolve-speed';
/** Trend options and points. */
export type { MetricTrendOptions, TrendPoint } from './engine/metric-trend';
/** Resolves an id, unique id prefix, latest / latest~N or a unique run name to a run id (one resolver for every function). */
export { resolveRunReference } from './engine/resolve-run';
export type { RunScope } from './engine/resolve-run';
/** A cached comparison read a page at a time: the summary, then only the item list entries asked for. */
export { openComparison } from './compare/compare-runs';
/** The metrics a comparison treats as lower-is-better by default. */
export { DEFAULT_LOWER_IS_BETTER } from './compare/compute-comparison';
export type { StoredComparison } from './compare/compare-runs';
export type { ComparisonListName, ComparisonLists, ListRange } from './compare/comparison-store';
/** Comparison options and results. */
export type { CompareOptions, ComparisonResult, MetricComparison, MissingIntervalReason, ItemChange, Delta, Verdict, Significance } from './compare/comparison-types';
/** Errors this package throws. */
export { SearchError, QuerySyntaxError, RunReferenceError, ComparisonError, InvalidSortError } from './errors';
