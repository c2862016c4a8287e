import type { SelectQueryBuilder } from 'typeorm';
import type { EvaluationRun } from '@llm-eval/models';
import { applyRunFilters, type LivenessSnapshot, type RunFilters, type SqlDialect } from '@llm-eval/storage';
import { HAS_ITEMS } from './compile-run-filter';

/**
 * Storage's structured filters, with a success-rate bound (minSuccessRate, maxSuccessRate) taking only runs that have
 * items, as the query language's success-rate conditions do: the stored 0 of a run without items is no rate.
 * @internal
 */
export function applyStructuredRunFilters(
  qb: SelectQueryBuilder<EvaluationRun>,
  f: RunFilters,
  dialect: SqlDialect,
  liveness?: LivenessSnapshot,
): void {
  applyRunFilters(qb, f, dialect, undefined, liveness);
  if (f.minSuccessRate !== undefined || f.maxSuccessRate !== undefined) qb.andWhere(HAS_ITEMS);
}
