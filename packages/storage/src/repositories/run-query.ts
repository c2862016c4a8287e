import type { SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import type { EvaluationRun } from '@llm-eval/models';
import type { SqlDialect } from './sql-dialect';
import { encodeText } from './stored-text';
import { encodeCursor, type CursorPosition, type CursorQuery } from './cursor';
import { listCursorQuery } from './cursor-query';
import { projectIdSchema, validate } from './run-input.schema';
import { RUN_STATES, type RunState } from './run-liveness';
import { applyRunStateFilter, heartbeatOnlySnapshot, type LivenessSnapshot } from './run-state-filter';
import { storableDate } from './stored-date';
import { dateRangeBound } from './date-bound';
import { durationAfterSql, durationBoundsSql, durationOrderTerms } from './duration-order';
import { knownDurationSeconds } from './run-duration';
import { ParameterBinder } from './parameter-binder';
import { MANY_TEXT_MATCHES, runTextCondition } from './run-text-condition';

// The run text search lives in run-text-condition.ts; these were (and are still) imported from here.
export { countSqliteTextMatches, countTextMatches, MANY_TEXT_MATCHES, runTextCondition, sqliteFtsPhrase } from './run-text-condition';

/**
 * Fields `listRuns` can sort by; ties are always broken by id in the same direction. Runs whose duration is not known
 * (knownDurationSeconds null) come last in a durationSeconds sort, ascending or descending.
 */
export const RUN_SORT_FIELDS = ['createdAt', 'name', 'status', 'successRate', 'durationSeconds', 'totalTokens', 'totalCost'] as const;
/** A field `listRuns` can sort by. */
export type RunSortField = (typeof RUN_SORT_FIELDS)[number];

/** Filters of `listRuns`; all given filters must hold (AND). */
export interface RunFilters {
  projectId?: string;
  /**
   * Only runs of these projects (an access scope: a run without a project is outside every list; an empty list
   * matches nothing). Combines with `projectId` by AND.
   */
  projectIds?: string[];
  datasetName?: string;
  modelName?: string;
  /** `running` means a live writer; `abandoned` a running run whose writer is gone (see run-liveness.ts). */
  status?: RunState | RunState[];
  createdBy?: string;
  /** The run carries every one of these tags. */
  tags?: string[];
  /** The run carries at least one of these tags. */
  anyTags?: string[];
  createdAfter?: Date;
  createdBefore?: Date;
  /** Success-rate bounds, inclusive; a run without items has no success rate and matches neither. */
  minSuccessRate?: number;
  maxSuccessRate?: number;
  /** Duration bounds in seconds, inclusive; a run whose duration is not known (knownDurationSeconds null) matches neither. */
  minDurationSeconds?: number;
  maxDurationSeconds?: number;
  /** Case-insensitive substring of the name, description or dataset name. */
  text?: string;
}

/** Filters, order and page of `listRuns`. Use either `offset` or `cursor`. */
export interface ListRunsOptions extends RunFilters {
  sort?: RunSortField;
  direction?: 'asc' | 'desc';
  /** Page size, 1 to 1000; default 50. */
  limit?: number;
  offset?: number;
  /** `nextCursor` of the previous page (keyset pagination: stable and fast at any depth). */
  cursor?: string;
}

const name = z.string().min(1).max(255);
const tagList = z.array(z.string().min(1).max(255)).min(1).max(100);
const rate = z.number().min(0).max(1);
const seconds = z.number().finite().nonnegative();
const listRunsSchema = z
  .object({
    projectId: projectIdSchema,
    projectIds: z.array(projectIdSchema).max(1000),
    datasetName: name,
    modelName: name,
    status: z.union([z.enum(RUN_STATES), z.array(z.enum(RUN_STATES)).min(1)]),
    createdBy: name,
    tags: tagList,
    anyTags: tagList,
    createdAfter: storableDate,
    createdBefore: storableDate,
    minSuccessRate: rate,
    maxSuccessRate: rate,
    minDurationSeconds: seconds,
    maxDurationSeconds: seconds,
    text: z.string().max(500),
    sort: z.enum(RUN_SORT_FIELDS),
    direction: z.enum(['asc', 'desc']),
    limit: z.number().int().min(1).max(1000),
    offset: z.number().int().nonnegative(),
    cursor: z.string().max(2000),
  })
  .partial()
  .strict()
  .refine((o) => o.offset === undefined || o.cursor === undefined, {
    message: 'use either offset or cursor, not both',
    path: ['cursor'],
  });

/** Validates listRuns options into their normalised form. @internal */
export function parseListRunsOptions(options: ListRunsOptions): ListRunsOptions {
  return validate(listRunsSchema, options, 'listRuns option');
}

/**
 * Adds every filter as SQL conditions with bound parameters. A status filter tells running from abandoned runs by
 * `liveness` (takeLivenessSnapshot); without one, by heartbeat alone. @internal
 */
export function applyRunFilters(
  qb: SelectQueryBuilder<EvaluationRun>,
  f: RunFilters,
  dialect: SqlDialect,
  textMatches?: number,
  liveness?: LivenessSnapshot,
): void {
  if (f.projectId !== undefined) qb.andWhere('r.projectId = :projectId', { projectId: f.projectId });
  if (f.projectIds !== undefined) {
    // IN () is not SQL: an empty scope is a condition no row meets.
    if (f.projectIds.length === 0) qb.andWhere('1 = 0');
    else qb.andWhere('r.projectId IN (:...scopeProjectIds)', { scopeProjectIds: f.projectIds });
  }
  if (f.datasetName !== undefined) qb.andWhere('r.datasetName = :datasetName', { datasetName: encodeText(f.datasetName) });
  if (f.modelName !== undefined) qb.andWhere('r.modelName = :modelName', { modelName: encodeText(f.modelName) });
  if (f.createdBy !== undefined) qb.andWhere('r.createdBy = :createdBy', { createdBy: encodeText(f.createdBy) });
  if (f.status !== undefined) {
    const statuses = Array.isArray(f.status) ? f.status : [f.status];
    applyRunStateFilter(qb, statuses, liveness ?? heartbeatOnlySnapshot());
  }
  f.tags?.forEach((tag, i) => {
    qb.andWhere(`EXISTS (SELECT 1 FROM "run_tags" "t${i}" WHERE "t${i}"."run_id" = "r"."id" AND "t${i}"."tag" = :tag${i})`, {
      [`tag${i}`]: encodeText(tag),
    });
  });
  if (f.anyTags !== undefined) {
    qb.andWhere(`EXISTS (SELECT 1 FROM "run_tags" "ta" WHERE "ta"."run_id" = "r"."id" AND "ta"."tag" IN (:...anyTags))`, {
      anyTags: f.anyTags.map(encodeText),
    });
  }
  // Only `>=` and `<` compare a bound of dateRangeBound rightly with every stored form of a SQLite date (date-bound.ts).
  if (f.createdAfter !== undefined) qb.andWhere('r.createdAt >= :createdAfter', { createdAfter: dateRangeBound(dialect, f.createdAfter, 'createdAfter') });
  if (f.createdBefore !== undefined) qb.andWhere('r.createdAt < :createdBefore', { createdBefore: dateRangeBound(dialect, f.createdBefore, 'createdBefore') });
  // A run without items has no success rate (its stored 0 says nothing failed): no success-rate bound matches it.
  if (f.minSuccessRate !== undefined) qb.andWhere('r.successRate >= :minSuccessRate AND r.totalItems > 0', { minSuccessRate: f.minSuccessRate });
  if (f.maxSuccessRate !== undefined) qb.andWhere('r.successRate <= :maxSuccessRate AND r.totalItems > 0', { maxSuccessRate: f.maxSuccessRate });
  // A run of unknown duration (its stored 0 or placeholder is no duration) meets no duration bound: duration-order.ts.
  const durationBound = new ParameterBinder('durationBound');
  durationBoundsSql({ min: f.minDurationSeconds, max: f.maxDurationSeconds }, durationBound.bind).forEach((sql) => qb.andWhere(sql, durationBound.values));
  const text = f.text?.trim();
  if (text) applyTextFilter(qb, text, dialect, textMatches);
}

/** True when `text` is the only filter, so the FTS count is the total. @internal */
export function hasOnlyTextFilter(o: ListRunsOptions): boolean {
  const filterKeys: Array<keyof RunFilters> = [
    'projectId', 'projectIds', 'datasetName', 'modelName', 'status', 'createdBy', 'tags', 'anyTags', 'createdAfter', 'createdBefore',
    'minSuccessRate', 'maxSuccessRate', 'minDurationSeconds', 'maxDurationSeconds',
  ];
  return filterKeys.every((key) => o[key] === undefined);
}

function applyTextFilter(qb: SelectQueryBuilder<EvaluationRun>, text: string, dialect: SqlDialect, matches?: number): void {
  const { sql, params } = runTextCondition(dialect, text, 'textFilter', matches !== undefined && matches > MANY_TEXT_MATCHES);
  qb.andWhere(sql, params);
}

const SORT_PROPERTY: Record<RunSortField, keyof EvaluationRun> = {
  createdAt: 'createdAt',
  name: 'name',
  status: 'status',
  successRate: 'successRate',
  durationSeconds: 'durationSeconds',
  totalTokens: 'totalTokens',
  totalCost: 'totalCost',
};

/** The key a cursor carries to prove it belongs to this ordering. @internal */
export function runOrderKey(sort: RunSortField, direction: 'asc' | 'desc'): string {
  return `runs:${sort}:${direction}`;
}

/** Orders by the sort field then id, and continues after `position` when given. @internal */
export function applyRunOrder(
  qb: SelectQueryBuilder<EvaluationRun>,
  sort: RunSortField,
  direction: 'asc' | 'desc',
  position: CursorPosition | undefined,
): void {
  if (sort === 'durationSeconds') {
    if (position !== undefined) {
      const cursorValue = new ParameterBinder('cursorValue');
      qb.andWhere(durationAfterSql(direction, position, cursorValue.bind), cursorValue.values);
    }
    durationOrderTerms(direction).forEach(([expression, dir], i) => (i === 0 ? qb.orderBy(expression, dir) : qb.addOrderBy(expression, dir)));
    return;
  }
  const property = `r.${SORT_PROPERTY[sort]}`;
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  if (position !== undefined) {
    const value = sort === 'createdAt' ? new Date(String(position.value)) : position.value;
    const op = direction === 'asc' ? '>' : '<';
    // A row-value comparison is one index bound on (sort column, id), so deep pages cost the same as the first.
    qb.andWhere(`(${property}, r.id) ${op} (:cursorValue, :cursorId)`, { cursorValue: value, cursorId: position.id });
  }
  qb.orderBy(property, dir).addOrderBy('r.id', dir);
}

/**
 * The query a listRuns cursor belongs to: its filters and scope. Date bounds may move between pages (the CLI computes
 * `--since 7d` at every call), so they bind the carried total but do not refuse the cursor. @internal
 */
export function runCursorQuery(o: ListRunsOptions): CursorQuery {
  return listCursorQuery(o, ['createdAfter', 'createdBefore']);
}

/** The cursor that continues after `run` in `order`, bound to `query`. @internal */
export function runCursor(order: string, sort: RunSortField, run: EvaluationRun, total: number, query: CursorQuery): string {
  // A run of unknown duration carries null: it sorts after every known one (duration-order.ts), whatever it stores.
  const raw = sort === 'durationSeconds' ? knownDurationSeconds(run) : run[SORT_PROPERTY[sort]];
  const value: CursorPosition['value'] = raw instanceof Date ? raw.toISOString() : (raw as string | number | null);
  return encodeCursor({ order, value, id: run.id, total }, query);
}
