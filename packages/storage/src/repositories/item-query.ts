import type { SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import { ITEM_STATUSES, type EvaluationItem, type ItemStatus } from '@llm-eval/models';
import { decodeCursor, encodeCursor } from './cursor';
import { listCursorQuery } from './cursor-query';
import { validate } from './run-input.schema';
import type { SqlDialect } from './sql-dialect';
import { encodeText } from './stored-text';
import { storedTextContains } from './stored-text-contains';
import { ParameterBinder } from './parameter-binder';

/** Fields `listItems` can sort by; ties are broken by the item's row id. */
export const ITEM_SORT_FIELDS = ['sequenceNumber', 'responseTime'] as const;
/** A field `listItems` can sort by. */
export type ItemSortField = (typeof ITEM_SORT_FIELDS)[number];

/** Filters, order and page of `listItems`. */
export interface ListItemsOptions {
  status?: ItemStatus | ItemStatus[];
  /** Score filters apply to this metric; items without a numeric score for it are excluded. */
  metric?: string;
  minScore?: number;
  maxScore?: number;
  /** Case-insensitive substring of the item id, output, expected output or error message. */
  text?: string;
  /** Only these dataset item ids (exact; at most 1,000), e.g. to pair the same items of two runs. */
  itemIds?: string[];
  sort?: ItemSortField;
  direction?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
  cursor?: string;
}

const listItemsSchema = z
  .object({
    status: z.union([z.enum(ITEM_STATUSES), z.array(z.enum(ITEM_STATUSES)).min(1)]),
    // Any name a score can be stored under: the filter reads it in the stored form (NUL escaped, see stored-text.ts),
    // from a JSON path whose label is JSON-quoted (jsonPathOf), so quotes, backslashes and control characters reach it.
    metric: z.string().min(1).max(255),
    minScore: z.number().finite(),
    maxScore: z.number().finite(),
    text: z.string().max(500),
    itemIds: z.array(z.string().max(10_000)).min(1).max(1000),
    sort: z.enum(ITEM_SORT_FIELDS),
    direction: z.enum(['asc', 'desc']),
    limit: z.number().int().min(1).max(1000),
    offset: z.number().int().nonnegative(),
    cursor: z.string().max(2000),
  })
  .partial()
  .strict()
  .refine((o) => o.offset === undefined || o.cursor === undefined, { message: 'use either offset or cursor, not both', path: ['cursor'] })
  .refine((o) => (o.minScore === undefined && o.maxScore === undefined) || o.metric !== undefined, {
    message: 'minScore/maxScore need the metric they apply to',
    path: ['metric'],
  });

/** Validates listItems options. @internal */
export function parseListItemsOptions(options: ListItemsOptions): ListItemsOptions {
  return validate(listItemsSchema, options, 'listItems option');
}

/**
 * SQL for "this item has a numeric (or boolean, as 1/0) score for the metric" and for that score's value, with the
 * metric name bound as `:<metricParam>` (PostgreSQL) or its JSON path as `:<pathParam>` (SQLite; see jsonPathOf).
 */
export function itemScoreSql(dialect: SqlDialect, metricParam: string, pathParam: string): { numeric: string; value: string } {
  if (dialect.kind === 'postgres') {
    const v = `("i"."scores" -> CAST(:${metricParam} AS text))`;
    return {
      numeric: `jsonb_typeof(${v}) IN ('number', 'boolean')`,
      value: `(CASE WHEN jsonb_typeof(${v}) = 'boolean' THEN (CASE WHEN ${v} = 'true'::jsonb THEN 1.0 ELSE 0.0 END) ELSE (${v} #>> '{}')::double precision END)`,
    };
  }
  return {
    numeric: `json_type("i"."scores", :${pathParam}) IN ('integer', 'real', 'true', 'false')`,
    value: `json_extract("i"."scores", :${pathParam})`,
  };
}

/**
 * The SQLite JSON path of a metric's score: the label JSON-quoted, which SQLite reads with its escapes (a name holding
 * a double quote, a backslash or a tab is reached as stored; the stored form holds no NUL).
 */
export function jsonPathOf(metric: string): string {
  return `$.${JSON.stringify(metric)}`;
}

/**
 * Applies filters, order and keyset/offset paging to an item query already scoped to one run.
 * Returns a count query with the same filters, the page size, and how to make the next cursor.
 * @internal
 */
export function applyItemQuery(
  qb: SelectQueryBuilder<EvaluationItem>,
  o: ListItemsOptions,
  dialect: SqlDialect,
  runId: string,
): {
  countQb: SelectQueryBuilder<EvaluationItem>;
  knownTotal: number | undefined;
  limit: number;
  cursorFor: (item: EvaluationItem, total: number) => string;
} {
  if (o.status !== undefined) {
    const statuses = Array.isArray(o.status) ? o.status : [o.status];
    qb.andWhere('i.status IN (:...statuses)', { statuses });
    // Spelled out so SQLite (which cannot infer it) may use the partial index IDX_items_run_status.
    if (!statuses.includes('completed')) qb.andWhere(`"i"."status" <> 'completed'`);
  }
  if (o.metric !== undefined && (o.minScore !== undefined || o.maxScore !== undefined)) {
    const score = itemScoreSql(dialect, 'metric', 'metricPath');
    // Keys of the stored scores are in the stored form (stored-text.ts): a name with U+FDD0 or a lone surrogate too.
    const metric = encodeText(o.metric);
    const params = { metric, metricPath: jsonPathOf(metric) };
    qb.andWhere(score.numeric, params);
    if (o.minScore !== undefined) qb.andWhere(`${score.value} >= :minScore`, { ...params, minScore: o.minScore });
    if (o.maxScore !== undefined) qb.andWhere(`${score.value} <= :maxScore`, { ...params, maxScore: o.maxScore });
  }
  const text = o.text?.trim();
  if (text) {
    // Matched as given, in the stored form (NUL and lone surrogates are stored escaped; PostgreSQL refuses a raw NUL),
    // never inside an escape. An absent output holds no text.
    const p = new ParameterBinder('itemText');
    const columns = ['item_id', 'actual_output', 'expected_output', 'error_message'];
    qb.andWhere(`(${columns.map((c) => storedTextContains(dialect, `COALESCE("i"."${c}", '')`, text, p.bind)).join(' OR ')})`, p.values);
  }
  if (o.itemIds !== undefined) {
    // Compared in the stored form (NUL and lone surrogates are stored escaped); served by the (run, item id) index.
    qb.andWhere('i.itemId IN (:...itemIds)', { itemIds: [...new Set(o.itemIds.map(encodeText))] });
  }
  const countQb = qb.clone();
  const sort = o.sort ?? 'sequenceNumber';
  const direction = o.direction ?? (sort === 'responseTime' ? 'desc' : 'asc');
  const order = `items:${sort}:${direction}`;
  // Items without a response time sort as -1, i.e. last when slowest first.
  // When only non-completed items are wanted (a few of a run), the unary plus stops SQLite from walking the whole
  // run in sequence order; it reads the partial status index and sorts those few rows instead.
  const fewRows = o.status !== undefined && ![o.status].flat().includes('completed');
  const key =
    sort === 'sequenceNumber'
      ? `${fewRows && dialect.kind === 'sqlite' ? '+' : ''}"i"."sequence_number"`
      : 'COALESCE("i"."response_time", -1)';
  const op = direction === 'asc' ? '>' : '<';
  // Bound to the run too: another run's cursor would skip its rows and bring that run's total.
  const cursorQuery = listCursorQuery(o, [], { runId });
  const position = o.cursor === undefined ? undefined : decodeCursor(o.cursor, order, cursorQuery);
  if (position !== undefined) {
    qb.andWhere(`(${key}, "i"."id") ${op} (:cursorValue, :cursorId)`, { cursorValue: position.value, cursorId: position.id });
  }
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  qb.orderBy(key, dir).addOrderBy('i.id', dir);
  const limit = o.limit ?? 50;
  qb.limit(limit + 1);
  if (o.offset) qb.offset(o.offset);
  return {
    countQb,
    knownTotal: position?.total,
    limit,
    cursorFor: (item, total) =>
      encodeCursor({ order, value: sort === 'sequenceNumber' ? item.sequenceNumber : (item.responseTime ?? -1), id: item.id, total }, cursorQuery),
  };
}
