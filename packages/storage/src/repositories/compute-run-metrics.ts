import type { EntityManager } from 'typeorm';
import { RunMetric } from '@llm-eval/models';
import { RunStatsAccumulator, type RunStatistics } from './run-stats-accumulator';
import type { SqlDialect } from './sql-dialect';
import { itemsOfRun } from './run-key';
import { insertRows } from './insert-rows';

interface ItemStatsRow {
  status: string;
  response_time: number | null;
  tokens_used: number | null;
  cost: number | null;
  scores: string | Record<string, unknown> | null;
}


const PAGE = 10_000;

async function* itemStatsRows(manager: EntityManager, dialect: SqlDialect, runId: string): AsyncIterable<ItemStatsRow> {
  // Keyset pages along IDX_items_run_sequence.
  let after: [number, number] = [-1, -1];
  for (;;) {
    const rows: Array<ItemStatsRow & { id: number; sequence_number: number }> = await manager.query(
      `SELECT "id", "sequence_number", "status", "response_time", "tokens_used", "cost", "scores" FROM "evaluation_items" ` +
        `WHERE ${itemsOfRun(dialect.param(1))} AND ("sequence_number", "id") > (${dialect.param(2)}, ${dialect.param(3)}) ` +
        `ORDER BY "sequence_number", "id" LIMIT ${PAGE}`,
      [runId, ...after],
    );
    yield* rows;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = [Number(last.sequence_number), Number(last.id)];
  }
}

/**
 * Reads every item of a run once, computes per-metric statistics and the run's totals, and stores both (replacing
 * earlier statistics). Runs on the caller's transaction.
 * @internal
 */
export async function computeAndStoreRunMetrics(
  manager: EntityManager,
  dialect: SqlDialect,
  runId: string,
  metricsUsed: readonly string[],
): Promise<RunStatistics> {
  const accumulator = new RunStatsAccumulator();
  // Pages of rows by id keep memory flat on runs of any size.
  for await (const row of itemStatsRows(manager, dialect, runId)) {
    accumulator.add({
      status: row.status,
      responseTime: row.response_time,
      tokensUsed: row.tokens_used,
      cost: row.cost,
      scores: typeof row.scores === 'string' ? (JSON.parse(row.scores) as Record<string, unknown>) : row.scores,
    });
  }
  const statistics = accumulator.result(runId, metricsUsed);
  await storeRunStats(manager, dialect, runId, statistics);
  return statistics;
}

/** Metric rows per INSERT when storing a run's statistics. */
const METRIC_ROWS_PER_INSERT = 100;

/**
 * Stores a run's per-metric statistics (replacing earlier ones) and its totals. Runs on the caller's transaction.
 * @internal
 */
export async function storeRunStats(manager: EntityManager, dialect: SqlDialect, runId: string, statistics: RunStatistics): Promise<void> {
  const { metrics, totals } = statistics;
  const computedAt = metrics[0]?.computedAt ?? new Date();
  await manager.delete(RunMetric, { runId });
  // In statements of METRIC_ROWS_PER_INSERT rows: one statement of thousands of metrics overflows SQLite's expression
  // depth (1,000 rows) and PostgreSQL's 65,535 bound parameters (about 4,700 rows), and the run could never finish.
  for (let i = 0; i < metrics.length; i += METRIC_ROWS_PER_INSERT) await insertRows(manager, RunMetric, metrics.slice(i, i + METRIC_ROWS_PER_INSERT));
  await manager.query(
    `UPDATE "evaluation_runs" SET "total_items" = ${dialect.param(1)}, "successful_items" = ${dialect.param(2)}, ` +
      `"failed_items" = ${dialect.param(3)}, "success_rate" = ${dialect.param(4)}, "avg_response_time" = ${dialect.param(5)}, ` +
      `"min_response_time" = ${dialect.param(6)}, "max_response_time" = ${dialect.param(7)}, "total_tokens" = ${dialect.param(8)}, ` +
      `"total_cost" = ${dialect.param(9)}, "updated_at" = ${dialect.param(10)} WHERE "id" = ${dialect.param(11)}`,
    [
      totals.totalItems,
      totals.successfulItems,
      totals.failedItems,
      totals.successRate,
      totals.avgResponseTime,
      totals.minResponseTime,
      totals.maxResponseTime,
      totals.totalTokens,
      totals.totalCost,
      dialect.timestamp(computedAt),
      runId,
    ],
  );
}
