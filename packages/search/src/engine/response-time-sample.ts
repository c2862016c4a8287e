import type { DataSource } from 'typeorm';
import { EvaluationRun } from '@llm-eval/models';
import { applyRunFilters, ParameterBinder, type LivenessSnapshot, type RunFilters, type SqlDialect } from '@llm-eval/storage';
import type { FilterNode } from '../query/filter';
import { compileRunFilter, textsOf } from './compile-run-filter';
import { speedThresholdIndex } from './speed-rank';

/** Thresholds of relative speed over the average response times in scope, and the values when they were read. @internal */
export interface ResponseTimeSample {
  /** The value of the ⌈share·n⌉-th slowest (or fastest) run in scope (see speedThresholdIndex), null when none has one. */
  threshold: (speed: 'slow' | 'fast', share: number) => Promise<number | null>;
  values?: Float64Array;
}

/**
 * Average response times of the runs in scope, for speed thresholds. Over every run it asks the index for each
 * threshold; within a narrower scope it reads the values once (and keeps them, so the result can be counted without SQL).
 * @internal
 */
export async function responseTimeSample(
  dataSource: DataSource,
  dialect: SqlDialect,
  structured: RunFilters,
  scope: FilterNode,
  liveness?: LivenessSnapshot,
): Promise<ResponseTimeSample> {
  const p = new ParameterBinder('q');
  const qb = dataSource.getRepository(EvaluationRun).createQueryBuilder('r');
  applyRunFilters(qb, structured, dialect, undefined, liveness);
  const condition = compileRunFilter(scope, dialect, p, undefined, liveness);
  qb.andWhere(condition).andWhere('"r"."avg_response_time" IS NOT NULL').setParameters({ ...qb.getParameters(), ...p.values });
  const unscoped = Object.values(structured).every((v) => v === undefined) && !textsOf(scope).length && condition.replace(/[()\s]|1=1|AND/g, '') === '';
  if (unscoped) {
    const counted = await qb.clone().select('COUNT(*)', 'n').getRawOne<{ n: string | number }>();
    const n = Number(counted?.n ?? 0);
    return {
      threshold: async (speed, share) => {
        if (n === 0) return null;
        const row = await qb
          .clone()
          .select('"r"."avg_response_time"', 'v')
          .orderBy('"r"."avg_response_time"', 'ASC')
          .offset(speedThresholdIndex(speed, share, n))
          .limit(1)
          .getRawOne<{ v: number }>();
        return row ? Number(row.v) : null;
      },
    };
  }
  const rows = await qb.select('"r"."avg_response_time"', 'v').getRawMany<{ v: number }>();
  const values = Float64Array.from(rows, (r) => Number(r.v)).sort();
  // The same rule as the index path, so a threshold is always a real run's value.
  return { values, threshold: async (speed, share) => (values.length ? values[speedThresholdIndex(speed, share, values.length)]! : null) };
}

/** When the tree is `… AND avg ≥ t` (or ≤) with the speed at the top, the test a value must pass to be counted. @internal */
export function topLevelSpeedThreshold(filter: FilterNode, resolved: { slowSeconds?: number; fastSeconds?: number }): ((v: number) => boolean) | undefined {
  const children = filter.kind === 'and' ? filter.children : [filter];
  const speed = children.filter((c) => c.kind === 'number' && c.field === 'avgResponseTime');
  if (speed.length !== 1) return undefined;
  const node = speed[0] as Extract<FilterNode, { kind: 'number' }>;
  if (node.op === '>=' && node.value === resolved.slowSeconds) return (v) => v >= node.value;
  if (node.op === '<=' && node.value === resolved.fastSeconds) return (v) => v <= node.value;
  return undefined;
}
