import type { DataSource } from 'typeorm';
import type { RunRecord } from './records';
import type { SqlDialect } from './sql-dialect';

interface TotalsRow {
  run_id: string;
  total: number | string;
  successful: number | string | null;
  failed: number | string | null;
  avg_rt: number | string | null;
  min_rt: number | string | null;
  max_rt: number | string | null;
  tokens: number | string | null;
  cost: number | string | null;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/**
 * A running or abandoned run's totals are only written when it finishes; until then its items are the truth. This
 * replaces the totals of those runs that hold items with figures counted from the items (one grouped query for the
 * whole list), so no reader reports "0 items" for a run holding thousands. Other runs are returned unchanged.
 * (Filters and sorts still see the stored columns: totals of unfinished runs are not indexed.)
 * @internal
 */
export async function withStoredTotals<T extends RunRecord>(dataSource: DataSource, dialect: SqlDialect, runs: T[]): Promise<T[]> {
  // addItems keeps a running run's totals current (running-totals.ts); only runs whose row holds none — written by
  // an older version or another tool — are counted from their items.
  const open = runs.filter((run) => (run.status === 'running' || run.status === 'abandoned') && run.totalItems === 0);
  if (open.length === 0) return runs;
  const params = open.map((_, i) => dialect.param(i + 1)).join(', ');
  const rows: TotalsRow[] = await dataSource.query(
    `SELECT "r"."id" AS "run_id", COUNT(*) AS "total", SUM(CASE WHEN "i"."status" = 'completed' THEN 1 ELSE 0 END) AS "successful", ` +
      `SUM(CASE WHEN "i"."status" = 'failed' THEN 1 ELSE 0 END) AS "failed", AVG("i"."response_time") AS "avg_rt", ` +
      `MIN("i"."response_time") AS "min_rt", MAX("i"."response_time") AS "max_rt", SUM("i"."tokens_used") AS "tokens", SUM("i"."cost") AS "cost" ` +
      `FROM "evaluation_items" "i" JOIN "evaluation_runs" "r" ON "r"."run_key" = "i"."run_key" WHERE "r"."id" IN (${params}) GROUP BY "r"."id"`,
    open.map((run) => run.id),
  );
  const byRun = new Map(rows.map((row) => [String(row.run_id), row]));
  return runs.map((run) => {
    if ((run.status !== 'running' && run.status !== 'abandoned') || run.totalItems !== 0) return run;
    const row = byRun.get(run.id);
    if (!row) return run;
    const total = Number(row.total);
    const successful = num(row.successful) ?? 0;
    return {
      ...run,
      totalItems: total,
      successfulItems: successful,
      failedItems: num(row.failed) ?? 0,
      successRate: successful / total,
      avgResponseTime: num(row.avg_rt),
      minResponseTime: num(row.min_rt),
      maxResponseTime: num(row.max_rt),
      totalTokens: num(row.tokens) ?? 0,
      totalCost: num(row.cost) ?? 0,
    };
  });
}
