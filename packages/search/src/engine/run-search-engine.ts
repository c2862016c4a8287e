import type { DataSource } from 'typeorm';
import { EvaluationItem, EvaluationRun } from '@llm-eval/models';
import {
  applyRunFilters,
  countTextMatches,
  decodeCursor,
  itemRecordOf,
  itemsOfRun,
  MANY_TEXT_MATCHES,
  ParameterBinder,
  runColumnsSql,
  runRecordFromRow,
  dialectOf,
  encodeCursor,
  encodeText,
  RunNotFoundError,
  takeLivenessSnapshot,
  databaseNow,
  type Database,
  type ItemRecord,
  type RunFilters,
  type RunRecord,
  type RunRow,
  type SqlDialect,
} from '@llm-eval/storage';
import { parseQuery, parseItemQuery } from '../query';
import type { FilterNode, ParsedItemQuery, ParsedQuery, RunSort } from '../query/filter';
import { compileRunFilter, needsLiveness, textsOf } from './compile-run-filter';
import { compileItemFilter, itemSortExpression } from './compile-item-filter';
import { hasSpeed, mapSpeed, resolveSpeed, type SpeedOptions } from './resolve-speed';
import { applyOrder, joinSortMetric, nextCursor } from './run-order';
import { itemSearchCursorQuery, runSearchCursorQuery } from './search-cursor-query';
import { metricTrend, type MetricTrendOptions, type TrendPoint } from './metric-trend';
import { resolveRunReference, type RunScope } from './resolve-run';
import { nextPageCursor, planPage, type PagePlan } from './query-limit';
import { fieldCaseWarnings } from './field-case-hints';
import { MAX_VOCABULARY_VALUES, StoredVocabulary } from './stored-vocabulary';
import { unscoredItemMetricWarnings, unstoredValueWarnings } from './unstored-values';
import { runMetricNames } from './run-metric-names';
import { itemPercentScaleWarnings, runPercentScaleWarnings } from './percent-scale';
import { responseTimeSample, topLevelSpeedThreshold } from './response-time-sample';
import { compareStoredRuns } from '../compare/compare-runs';
import type { CompareOptions, ComparisonResult } from '../compare/comparison-types';
import { InvalidSortError } from '../errors';

/** Options of searchRuns: a natural-language query and/or structured filters, combined with AND. */
export interface SearchRunsOptions extends Omit<RunFilters, 'text'> {
  query?: string;
  /** Free text, as RunFilters.text. */
  text?: string;
  sort?: RunSort;
  /**
   * Page size, 1–1000 (default: the query's limit, else 50). A query's own limit ("top 3") caps the whole search: no
   * page goes past it, whatever the page size.
   */
  limit?: number;
  cursor?: string;
  /** "Now" for relative dates (default: the current time). */
  now?: Date;
  /** IANA time zone relative dates refer to (default: UTC). */
  timeZone?: string;
  speed?: SpeedOptions;
}

/** A page of runs with how the query was understood. */
export interface SearchRunsResult {
  runs: RunRecord[];
  /** How many runs the search returns over all its pages: every match, or the query's own limit when that is fewer. */
  total: number;
  nextCursor: string | null;
  /** The parsed filter tree (speed resolved to thresholds), or null. */
  filter: FilterNode | null;
  sort: RunSort;
  explanation: string;
  warnings: string[];
}

/** A page of a run's items with how the query was understood. */
export interface SearchItemsResult {
  items: ItemRecord[];
  /** How many items the search returns over all its pages: every match, or the query's own limit when that is fewer. */
  total: number;
  nextCursor: string | null;
  explanation: string;
  warnings: string[];
}

/** The total a search reports: "latest 3" returns at most 3 whatever matches, so it is at most 3. */
function cappedTotal(matches: number, plan: PagePlan): number {
  return plan.cap === undefined ? matches : Math.min(matches, plan.cap);
}

const DEFAULT_SORT: RunSort = { field: 'createdAt', direction: 'desc' };

/** A statement as the driver takes it: SQL text and its bound parameters. */
type Statement = [sql: string, parameters: unknown[]];

/** The page and count statements of an unfiltered first page, and whether its sort key is a date. */
interface PageStatements {
  page: Statement;
  count: Statement;
  isDate: boolean;
}

/** A numeric sort key as read back; null stays null (a run of unknown duration), where Number(null) would be 0. */
const sortKeyNumber = (key: unknown): number | null => (key === null || key === undefined ? null : Number(key));

/** Sorts and page sizes whose unfiltered first page keeps its built SQL (a dashboard polls a handful). */
const MAX_CACHED_FIRST_PAGES = 64;

/** Finds runs and items with the query language, and answers trend questions, on SQLite or PostgreSQL. */
export class RunSearchEngine {
  private readonly dataSource: DataSource;
  private readonly dialect: SqlDialect;
  /** Metric names, model names, tags, projects and creators, so plain words in queries mean them. */
  private readonly vocabulary: StoredVocabulary;
  /**
   * The statements of unfiltered first pages per sort and page size: the most common request, the same SQL every time,
   * which TypeORM's QueryBuilder would take longer to build than SQLite takes to run.
   */
  private readonly firstPages = new Map<string, PageStatements>();

  constructor(database: Database | { dataSource: DataSource }) {
    this.dataSource = database.dataSource;
    this.dialect = dialectOf(this.dataSource);
    this.vocabulary = new StoredVocabulary(this.dataSource);
  }

  /** Runs matching the query and the structured filters, one page at a time, with the total and an explanation. */
  async searchRuns(options: SearchRunsOptions = {}): Promise<SearchRunsResult> {
    const vocabulary = options.query?.trim() ? await this.vocabulary.get(options.projectIds) : undefined;
    const parsed: ParsedQuery | null = vocabulary ? parseQuery(options.query!, { now: options.now, timeZone: options.timeZone, ...vocabulary }) : null;
    const { query: _q, sort: _s, limit: _l, cursor: _c, now: _n, timeZone: _t, speed: _sp, ...structured } = options;
    const noStructured = Object.values(structured).every((v) => v === undefined);
    let filter = parsed?.filter ?? null;
    // "running" and "abandoned" runs differ by their writer's liveness, which SQL alone cannot tell: in the query and in
    // the structured status filter alike (without it, a writer killed a moment ago stayed "running" to ?status=).
    const statuses = structured.status === undefined ? [] : [structured.status].flat();
    const statusNeedsLiveness = needsLiveness({ kind: 'status', values: statuses });
    const liveness = needsLiveness(filter) || statusNeedsLiveness ? await takeLivenessSnapshot(this.dataSource) : undefined;
    // A tag or metric stored in the last minute is not in the cached vocabulary: checked again before it is said missing.
    let unstored = parsed && vocabulary ? unstoredValueWarnings(parsed.filter, parsed.sort, vocabulary) : [];
    if (parsed && unstored.length > 0) unstored = unstoredValueWarnings(parsed.filter, parsed.sort, await this.vocabulary.fresh(options.projectIds));
    const sortWarnings = options.sort?.field === 'metric' ? await this.sortMetricWarnings(options.sort, options.projectIds) : [];
    const scaleWarnings = await runPercentScaleWarnings(this.dataSource, this.dialect, filter, options.projectIds);
    const caseWarnings = parsed ? await fieldCaseWarnings(this.dataSource, this.dialect, parsed.filter, options.projectIds) : [];
    const notes: string[] = [];
    // A total that is known without counting again (from the cursor, the text index, the metric index or the
    // response-time values already read to decide what "slow" means).
    let knownTotal: number | undefined;
    if (filter && hasSpeed(filter)) {
      const scope = mapSpeed(filter, () => ({ kind: 'and', children: [] }));
      const sample = await responseTimeSample(this.dataSource, this.dialect, structured, scope, liveness);
      const resolved = await resolveSpeed(filter, options.speed ?? {}, sample.threshold);
      filter = resolved.filter;
      notes.push(resolved.resolved.note);
      const only = topLevelSpeedThreshold(filter, resolved.resolved);
      if (only && sample.values) knownTotal = sample.values.filter(only).length;
    }
    const sort = options.sort ?? parsed?.sort ?? DEFAULT_SORT;
    const plan = planPage(options.limit, parsed?.limit, options.cursor);
    // A cursor of another search is refused, and its total is believed only when sealed for this one.
    const cursorQuery = runSearchCursorQuery(options);
    const limit = plan.size;
    const textCounts = await this.textMatchCounts(filter);
    if (noStructured && filter?.kind === 'text' && textCounts.has(filter.text) && sort.field !== 'metric') {
      knownTotal = textCounts.get(filter.text);
    }

    const build = (page: boolean) => {
      const p = new ParameterBinder('q');
      const qb = this.dataSource.getRepository(EvaluationRun).createQueryBuilder('r');
      applyRunFilters(qb, structured, this.dialect, undefined, liveness);
      // The page walks the sort order for common texts; a count is always cheapest driven by the matches.
      const many = (text: string) => page && (textCounts.get(text) ?? 0) > MANY_TEXT_MATCHES;
      if (filter) qb.andWhere(compileRunFilter(filter, this.dialect, p, many, liveness));
      joinSortMetric(qb, sort, p);
      return { qb, p };
    };
    // The page reads raw columns (runRecordFromRow builds the records), not entities.
    const buildPage = () => {
      const { qb, p } = build(true);
      const { position, expr, isDate } = applyOrder(qb, sort, plan.cursor, p, cursorQuery);
      qb.select(runColumnsSql(this.dialect, 'r'))
        .addSelect(expr, 'sort_key')
        .setParameters({ ...qb.getParameters(), ...p.values })
        .limit(limit + 1);
      return { statement: qb.getQueryAndParameters() as Statement, position, isDate };
    };
    const buildCount = (): Statement => {
      const { qb: count, p: cp } = build(false);
      return count
        .select('COUNT(*)', 'total')
        .setParameters({ ...count.getParameters(), ...cp.values })
        .getQueryAndParameters() as Statement;
    };
    // The unfiltered first page is the same SQL every time: built once per sort and page size.
    const unfilteredFirstPage = !filter && noStructured && plan.cursor === undefined && sort.field !== 'metric';
    const firstPageKey = unfilteredFirstPage ? `${sort.field}:${sort.direction}:${limit}` : undefined;
    let firstPage = firstPageKey === undefined ? undefined : this.firstPages.get(firstPageKey);
    if (firstPageKey !== undefined && firstPage === undefined) {
      const built = { page: buildPage(), count: buildCount() };
      firstPage = { page: built.page.statement, count: built.count, isDate: built.page.isDate };
      // Only statements without parameters can be reused as they are.
      if (firstPage.page[1].length === 0 && firstPage.count[1].length === 0) {
        if (this.firstPages.size >= MAX_CACHED_FIRST_PAGES) this.firstPages.clear();
        this.firstPages.set(firstPageKey, firstPage);
      }
    }
    const { statement, position, isDate } = firstPage
      ? { statement: firstPage.page, position: undefined, isDate: firstPage.isDate }
      : buildPage();
    const countTotal = async (): Promise<number> => {
      if (sort.field === 'metric' && !filter && noStructured) return this.runsWithMetric(sort.metric);
      const [sql, parameters] = firstPage?.count ?? buildCount();
      const [row] = (await this.dataSource.query(sql, parameters)) as Array<{ total: string | number }>;
      return Number(row?.total ?? 0);
    };
    const [rows, total] = await Promise.all([
      this.dataSource.query(statement[0], statement[1]) as Promise<Array<RunRow & { sort_key: unknown }>>,
      position?.total ?? knownTotal ?? countTotal(),
    ]);
    const hasMore = rows.length > limit;
    const pageRows = hasMore ? rows.slice(0, limit) : rows;
    // Statuses judged by the database's clock, as the status filter judged them (storage stamps heartbeats by it).
    const now = liveness?.now ?? (await databaseNow(this.dataSource));
    const runs = pageRows.map((row) => runRecordFromRow(row, this.dialect, now));
    const last = runs[runs.length - 1];
    const lastKey = last
      ? isDate
        ? last.createdAt
        : sort.field === 'name'
          ? last.name
          : sortKeyNumber(pageRows[pageRows.length - 1]?.sort_key)
      : undefined;
    const explanation = [describeStructured(structured), parsed?.explanation || (filter ? '' : 'all runs'), ...notes]
      .filter(Boolean)
      .join(' · ');
    return {
      runs,
      total: cappedTotal(total, plan),
      nextCursor: nextPageCursor(plan, hasMore && last ? nextCursor(sort, lastKey, last.id, total, cursorQuery) : null, runs.length),
      filter,
      sort,
      explanation,
      warnings: [...new Set([...(parsed?.warnings ?? []), ...unstored, ...caseWarnings, ...sortWarnings, ...scaleWarnings])],
    };
  }

  /**
   * Items of one run matching an item query ("failed items", "exact_match = 0", "slowest 20", …). The run may be named
   * like in every other function: id, unique id prefix, latest / latest~N, or a unique name. `limit` is the page size
   * (default: the query's limit, else 50); the query's own limit caps the whole search.
   */
  async searchItems(
    run: string,
    query = '',
    options: { limit?: number; cursor?: string; projectIds?: readonly string[] } = {},
  ): Promise<SearchItemsResult> {
    const runId = await this.resolveRun(run, options.projectIds ? { projectIds: options.projectIds } : undefined);
    const stored = await this.dataSource
      .getRepository(EvaluationRun)
      .findOne({ where: { id: runId }, select: { id: true, metricsUsed: true } })
      .catch(() => null);
    if (!stored) throw new RunNotFoundError(runId);
    // The run's metrics as stored (listed and scored), so "EXACT_MATCH" means its "exact_match" as over runs.
    const known = query.trim() ? await runMetricNames(this.dataSource, runId, stored.metricsUsed) : { names: stored.metricsUsed, complete: false };
    const metrics = known.names;
    const parsed: ParsedItemQuery = parseItemQuery(query, { metrics });
    // "worst 10" names no metric: rank by the run's first metric.
    if (parsed.sort?.field === 'score' && !parsed.sort.metric) parsed.sort = { ...parsed.sort, metric: metrics[0] ?? '' };
    const plan = planPage(options.limit, parsed.limit, options.cursor);
    const p = new ParameterBinder('q');
    const qb = this.dataSource.getRepository(EvaluationItem).createQueryBuilder('i').where(itemsOfRun(p.bind(runId), 'i'));
    if (parsed.filter) qb.andWhere(compileItemFilter(parsed.filter, this.dialect, p));
    const countQb = qb.clone().setParameters({ ...p.values });
    const sort = parsed.sort ?? { field: 'sequenceNumber' as const, direction: 'asc' as const };
    const expr = itemSortExpression(sort, this.dialect, p);
    const order = `items-search:${sort.field}:${sort.metric ?? ''}:${sort.direction}`;
    const cursorQuery = itemSearchCursorQuery(runId, query);
    const position = plan.cursor ? decodeCursor(plan.cursor, order, cursorQuery) : undefined;
    if (position) qb.andWhere(`(${expr}, "i"."id") ${sort.direction === 'asc' ? '>' : '<'} (${p.bind(position.value)}, ${p.bind(position.id)})`);
    const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
    const limit = plan.size;
    qb.addSelect(expr, 'sort_key').orderBy(expr, dir).addOrderBy('"i"."id"', dir).limit(limit + 1).setParameters({ ...p.values });
    const [{ entities, raw }, total] = await Promise.all([
      qb.getRawAndEntities<{ sort_key: unknown }>(),
      position?.total ??
        countQb.select('COUNT(*)', 'total').getRawOne<{ total: string | number }>().then((r) => Number(r?.total ?? 0)),
    ]);
    const hasMore = entities.length > limit;
    const page = hasMore ? entities.slice(0, limit) : entities;
    const last = page[page.length - 1];
    return {
      items: page.map((item) => itemRecordOf(item, runId)),
      total: cappedTotal(total, plan),
      nextCursor: nextPageCursor(
        plan,
        hasMore && last ? encodeCursor({ order, value: Number(raw[page.length - 1]?.sort_key), id: last.id, total }, cursorQuery) : null,
        page.length,
      ),
      explanation: parsed.explanation,
      warnings: [
        ...parsed.warnings,
        ...(known.complete ? unscoredItemMetricWarnings(parsed.filter, parsed.sort, metrics) : []),
        ...(await itemPercentScaleWarnings(this.dataSource, this.dialect, parsed.filter, runId)),
      ],
    };
  }

  /**
   * Compares run B with run A — deltas are always B − A — with paired confidence intervals, p-values, verdicts and
   * improved/regressed items. Runs may be named by id, unique id prefix, or latest / latest~N. Cached (see
   * `fromCache`); a run that changed since is recomputed.
   */
  async compareRuns(runA: string, runB: string, options: CompareOptions = {}): Promise<ComparisonResult> {
    const [a, b] = await Promise.all([this.resolveRun(runA), this.resolveRun(runB)]);
    return compareStoredRuns(this.dataSource, a, b, options);
  }

  /** Same as compareRuns; the result's `fromCache` says whether it was served from run_comparisons. */
  getComparison(runA: string, runB: string, options: CompareOptions = {}): Promise<ComparisonResult> {
    return this.compareRuns(runA, runB, options);
  }

  /**
   * A run id from an id, a unique id prefix, latest / latest~N or a unique name, optionally within a project (a
   * string) or a scope (`{ projectIds }`: runs outside it are answered as missing).
   */
  resolveRun(reference: string, within?: string | RunScope): Promise<string> {
    return resolveRunReference(this.dataSource, reference, within);
  }

  /** The metric's mean per day or week (and how many runs), oldest first, for historical trends. */
  getMetricTrend(options: MetricTrendOptions): Promise<TrendPoint[]> {
    return metricTrend(this.dataSource, this.dialect, options);
  }

  /**
   * What a trend of `metric` should say when no run in scope (`projectIds`, an access scope) has that metric: a typo
   * (`exact_mach`) charted nothing and blamed the date range. One warning naming the closest stored spelling, as a query
   * naming the metric gets; none for `success_rate`, a stored metric, or a vocabulary too large to be the whole list.
   */
  async trendMetricWarnings(metric: string, projectIds?: readonly string[]): Promise<string[]> {
    if (metric === 'success_rate') return [];
    let vocabulary = await this.vocabulary.get(projectIds);
    if (vocabulary.metrics.includes(metric)) return [];
    // A metric stored in the last minute is not in the cached vocabulary: checked again before it is said missing.
    vocabulary = await this.vocabulary.fresh(projectIds);
    return unstoredValueWarnings(null, { field: 'metric', metric, direction: 'desc' }, vocabulary);
  }

  /** How many runs each free text matches, where the database can say cheaply (SQLite's FTS5 table). */
  private async textMatchCounts(filter: FilterNode | null): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const text of textsOf(filter)) {
      const count = await countTextMatches(this.dataSource, this.dialect, text);
      if (count !== undefined) counts.set(text, count);
    }
    return counts;
  }

  /**
   * What a structured metric sort (`sort=metric:<name>`) tells of a metric no run in scope has: a warning, as the query
   * language gives, or — for a name with a colon, `metric:f1:up` — an InvalidSortError, since that is a direction
   * misspelt as often as a metric (`name:up` is refused too). Nothing when the vocabulary is too large to be the list.
   */
  private async sortMetricWarnings(sort: RunSort & { field: 'metric' }, projectIds: readonly string[] | undefined): Promise<string[]> {
    let vocabulary = await this.vocabulary.get(projectIds);
    if (vocabulary.metrics.includes(sort.metric)) return [];
    vocabulary = await this.vocabulary.fresh(projectIds);
    if (vocabulary.metrics.includes(sort.metric) || vocabulary.metrics.length >= MAX_VOCABULARY_VALUES) return [];
    if (sort.metric.includes(':')) throw new InvalidSortError(sort.metric);
    return unstoredValueWarnings(null, sort, vocabulary);
  }

  /** Runs with a mean for the metric: an index-only count (every metric row belongs to a run). */
  private async runsWithMetric(metric: string): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT COUNT(*) AS "n" FROM "run_metrics" WHERE "metric_name" = ${this.dialect.param(1)} AND "mean" IS NOT NULL`,
      [encodeText(metric)],
    );
    return Number(row?.n ?? 0);
  }
}

function describeStructured(f: Omit<RunFilters, 'text'> & { text?: string }): string {
  // The access scope is who asks, not what was asked for.
  const parts = Object.entries(f)
    .filter(([k, v]) => v !== undefined && k !== 'projectIds')
    .map(([k, v]) => `${k} = ${v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join('|') : String(v)}`);
  return parts.join(' AND ');
}
