import type { DataSource, EntityManager } from 'typeorm';
import { dialectOf } from '@llm-eval/storage';
import type { ComparisonResult, ItemChange } from './comparison-types';

/** The per-item lists of a comparison, each stored (and paged) on its own. */
export const COMPARISON_LISTS = ['improved', 'regressed', 'onlyInA', 'onlyInB'] as const;
/** One of a comparison's item lists. */
export type ComparisonListName = (typeof COMPARISON_LISTS)[number];
/** What each list holds: changed items, or item ids one run has alone. */
export interface ComparisonLists {
  improved: ItemChange[];
  regressed: ItemChange[];
  onlyInA: string[];
  onlyInB: string[];
}
/** Entries [offset, offset + limit) of one list. */
export interface ListRange {
  offset: number;
  limit: number;
}

/**
 * Consecutive list entries per run_comparison_chunks row. A page of up to 50 entries reads one or two chunks (about
 * 40 kB of JSON for changed items); the largest page (1,000) at most six.
 */
export const CHUNK_SIZE = 250;

/** The comparison without its item lists (every list empty; counts still cover every item): what the entry row holds. */
export function withoutLists(result: ComparisonResult): ComparisonResult {
  return { ...result, items: { ...result.items, improved: [], regressed: [], onlyInA: [], onlyInB: [] } };
}

/** How many entries each list holds (the counts, cut to the item limit the comparison was computed with). */
export function listLengths(result: ComparisonResult): Record<ComparisonListName, number> {
  const limit = result.options.itemLimit;
  const { counts } = result.items;
  return {
    improved: Math.min(counts.improved, limit),
    regressed: Math.min(counts.regressed, limit),
    onlyInA: Math.min(counts.onlyInA, limit),
    onlyInB: Math.min(counts.onlyInB, limit),
  };
}

/** Stores the item lists of comparison `comparisonId` (whose row the same transaction wrote) in chunks. @internal */
export async function writeListChunks(manager: EntityManager, comparisonId: number, result: ComparisonResult): Promise<void> {
  const rows: Array<[number, ComparisonListName, number, string]> = [];
  for (const list of COMPARISON_LISTS) {
    const entries: readonly unknown[] = result.items[list];
    for (let start = 0, chunk = 0; start < entries.length; start += CHUNK_SIZE, chunk++) {
      rows.push([comparisonId, list, chunk, JSON.stringify(entries.slice(start, start + CHUNK_SIZE))]);
    }
  }
  const dialect = dialectOf(manager.connection);
  // 100 rows (400 parameters) per statement: well below either database's limit on bound parameters.
  for (let start = 0; start < rows.length; start += 100) {
    const batch = rows.slice(start, start + 100);
    const values = batch.map((_, i) => `(${[1, 2, 3, 4].map((k) => dialect.param(i * 4 + k)).join(', ')})`).join(', ');
    await manager.query(
      // Another process that cached the same comparison meanwhile wrote the same entries: keep theirs.
      `INSERT INTO "run_comparison_chunks" ("comparison_id", "list", "chunk", "items") VALUES ${values} ON CONFLICT DO NOTHING`,
      batch.flat(),
    );
  }
}

/**
 * Entries of the stored lists of comparison `comparisonId`, one range per list asked for, read in one query that
 * touches only the chunks the ranges overlap; null when the entry was deleted meanwhile. @internal
 */
export async function readListRanges(
  dataSource: DataSource,
  comparisonId: number,
  lengths: Record<ComparisonListName, number>,
  ranges: Partial<Record<ComparisonListName, ListRange>>,
): Promise<Partial<ComparisonLists> | null> {
  const dialect = dialectOf(dataSource);
  const params: unknown[] = [comparisonId];
  const conditions: string[] = [];
  const wanted: Array<[ComparisonListName, number, number]> = [];
  for (const list of COMPARISON_LISTS) {
    const range = ranges[list];
    if (!range) continue;
    const start = Math.max(0, range.offset);
    const end = Math.min(lengths[list], start + Math.max(0, range.limit));
    wanted.push([list, start, end]);
    if (end <= start) continue;
    params.push(list, Math.floor(start / CHUNK_SIZE), Math.floor((end - 1) / CHUNK_SIZE));
    const n = params.length;
    conditions.push(`("list" = ${dialect.param(n - 2)} AND "chunk" BETWEEN ${dialect.param(n - 1)} AND ${dialect.param(n)})`);
  }
  const chunks = new Map<string, unknown[]>();
  if (conditions.length) {
    const rows: Array<{ list: string; chunk: number | string; items: string }> = await dataSource.query(
      `SELECT "list", "chunk", "items" FROM "run_comparison_chunks" WHERE "comparison_id" = ${dialect.param(1)} AND (${conditions.join(' OR ')})`,
      params,
    );
    for (const row of rows) chunks.set(`${row.list}:${Number(row.chunk)}`, JSON.parse(row.items) as unknown[]);
  }
  const out: Partial<ComparisonLists> = {};
  for (const [list, start, end] of wanted) {
    const entries: unknown[] = [];
    for (let chunk = Math.floor(start / CHUNK_SIZE); start < end && chunk <= Math.floor((end - 1) / CHUNK_SIZE); chunk++) {
      const stored = chunks.get(`${list}:${chunk}`);
      // Written with their comparison's row in one transaction, so a chunk is missing only when another process
      // replaced the entry since it was read: the caller computes the lists again.
      if (!stored) return null;
      const base = chunk * CHUNK_SIZE;
      entries.push(...stored.slice(Math.max(0, start - base), end - base));
    }
    (out as Record<string, unknown[]>)[list] = entries;
  }
  return out;
}
