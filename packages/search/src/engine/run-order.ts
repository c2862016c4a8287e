import type { SelectQueryBuilder } from 'typeorm';
import type { EvaluationRun } from '@llm-eval/models';
import {
  decodeCursor,
  durationAfterSql,
  durationOrderTerms,
  encodeCursor,
  encodeText,
  KNOWN_DURATION_SQL,
  type CursorPosition,
  type CursorQuery,
  type ParameterBinder,
} from '@llm-eval/storage';
import type { RunSort } from '../query/filter';

// Missing values (a run without that metric or response time) sort as the lowest possible value.
const LOWEST = -1e300;

/** The SQL expression a sort orders by, joining the metric's statistics when needed. @internal */
export function sortExpression(qb: SelectQueryBuilder<EvaluationRun>, sort: RunSort, p: ParameterBinder): { expr: string; isDate: boolean } {
  switch (sort.field) {
    case 'createdAt':
      return { expr: '"r"."created_at"', isDate: true };
    case 'name':
      return { expr: '"r"."name"', isDate: false };
    case 'successRate':
      return { expr: '"r"."success_rate"', isDate: false };
    case 'durationSeconds':
      // NULL for a run whose duration is not known (its stored 0 is no measurement): such runs come last either way.
      return { expr: KNOWN_DURATION_SQL, isDate: false };
    case 'avgResponseTime':
      return { expr: `COALESCE("r"."avg_response_time", ${LOWEST})`, isDate: false };
    case 'totalTokens':
      return { expr: '"r"."total_tokens"', isDate: false };
    case 'totalCost':
      return { expr: '"r"."total_cost"', isDate: false };
    case 'metric':
      // Only runs that have the metric take part, so the order comes straight from IDX_run_metrics_name_mean.
      return { expr: '"sm"."mean"', isDate: false };
  }
}

/** Restricts a metric sort to runs with a mean for that metric (call before cloning for the count). @internal */
export function joinSortMetric(qb: SelectQueryBuilder<EvaluationRun>, sort: RunSort, p: ParameterBinder): void {
  if (sort.field !== 'metric') return;
  qb.innerJoin('run_metrics', 'sm', `"sm"."run_id" = "r"."id" AND "sm"."metric_name" = ${p.bind(encodeText(sort.metric))}`);
  qb.andWhere('"sm"."mean" IS NOT NULL');
}

/** A cursor order key: the sort and its direction (a metric sort names its metric). @internal */
export function orderKey(sort: RunSort): string {
  return `search:${sort.field === 'metric' ? `metric=${sort.metric}` : sort.field}:${sort.direction}`;
}

/** Orders by the sort expression then id, continuing after the cursor. Returns the decoded cursor. @internal */
export function applyOrder(
  qb: SelectQueryBuilder<EvaluationRun>,
  sort: RunSort,
  cursor: string | undefined,
  p: ParameterBinder,
  query: CursorQuery,
): { position: CursorPosition | undefined; expr: string; isDate: boolean } {
  const { expr, isDate } = sortExpression(qb, sort, p);
  const position = cursor === undefined ? undefined : decodeCursor(cursor, orderKey(sort), query);
  if (sort.field === 'durationSeconds') {
    if (position) qb.andWhere(durationAfterSql(sort.direction, position, (value) => p.bind(value)));
    durationOrderTerms(sort.direction).forEach(([term, dir], i) => (i === 0 ? qb.orderBy(term, dir) : qb.addOrderBy(term, dir)));
    return { position, expr, isDate };
  }
  const op = sort.direction === 'asc' ? '>' : '<';
  if (position) {
    const value = isDate ? new Date(String(position.value)) : position.value;
    qb.andWhere(`(${expr}, "r"."id") ${op} (${p.bind(value)}, ${p.bind(position.id)})`);
  }
  const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
  qb.orderBy(expr, dir).addOrderBy('"r"."id"', dir);
  return { position, expr, isDate };
}

/** The cursor after a row whose sort value is `value`, bound to the search `query`. @internal */
export function nextCursor(sort: RunSort, value: unknown, id: string, total: number, query: CursorQuery): string {
  const v = value instanceof Date ? value.toISOString() : typeof value === 'number' || typeof value === 'string' ? value : null;
  return encodeCursor({ order: orderKey(sort), value: v, id, total }, query);
}
