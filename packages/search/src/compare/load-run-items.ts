import type { DataSource } from 'typeorm';
import { dialectOf, itemsOfRun } from '@llm-eval/storage';

/** What a comparison needs of one item. @internal */
export interface ComparedItem {
  status: string;
  scores: Record<string, unknown>;
}

/** A run's items by item id, and a fingerprint that changes whenever the run or its items change. @internal */
export async function loadRunItems(dataSource: DataSource, runId: string): Promise<Map<string, ComparedItem>> {
  const p = dialectOf(dataSource).param(1);
  const rows: Array<{ item_id: string; status: string; scores: string | Record<string, unknown> | null }> = await dataSource.query(
    `SELECT "item_id", "status", "scores" FROM "evaluation_items" WHERE ${itemsOfRun(p)}`,
    [runId],
  );
  const items = new Map<string, ComparedItem>();
  for (const row of rows) {
    const scores = typeof row.scores === 'string' ? JSON.parse(row.scores) : (row.scores ?? {});
    items.set(row.item_id, { status: row.status, scores });
  }
  return items;
}

/** Changes when the run row is updated or items are added (ids only grow). @internal */
export async function runFingerprint(dataSource: DataSource, runId: string, updatedAt: Date): Promise<string> {
  const p = dialectOf(dataSource).param(1);
  const [row] = await dataSource.query(
    `SELECT COUNT(*) AS "n", MAX("id") AS "last" FROM "evaluation_items" WHERE ${itemsOfRun(p)}`,
    [runId],
  );
  return `${updatedAt.toISOString()}|${Number(row?.n ?? 0)}|${row?.last ?? ''}`;
}
