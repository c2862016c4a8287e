import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { RunComparison } from '@llm-eval/models';
import { inTransaction, RunNotFoundError, RunRepository, type RunWithMetrics } from '@llm-eval/storage';
import { ComparisonError } from '../errors';
import { checkCompareOptions } from './check-compare-options';
import type { CompareOptions, ComparisonResult } from './comparison-types';
import { computeComparison, resolveOptions } from './compute-comparison';
import {
  COMPARISON_LISTS,
  listLengths,
  readListRanges,
  withoutLists,
  writeListChunks,
  type ComparisonListName,
  type ComparisonLists,
  type ListRange,
} from './comparison-store';
import { flipComparison, flipItem } from './flip-comparison';
import { loadRunItems, runFingerprint } from './load-run-items';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Version of how comparisons are computed and stored, part of every cache key: results cached under older rules
 * (verdicts from the bootstrap interval alone, no adjusted p-values; lists inline) are then recomputed, not served.
 */
// 3: item lists in run_comparison_chunks, not in the entry's row; 4: task success tested, tests' directions kept;
// 5: exact means, and differences of scores near ±1.8e308 without overflow (they were NaN or ±Infinity);
// 6: a pass/fail metric's interval cut to −1…+1; 8: no success rate of a run without items, no duration of an
// unfinished run (both were 0); 9: no interval for differences without spread (it was zero wide), scores within 1e-12
// of each other equal (5e-324 against 0 was a regression), items without a primary score counted as withoutScore;
// 11: a metric's notScoredIn names the run that does not score it (a cached result lacked it); 12: differences equal
// up to their scores' float noise tie in the Wilcoxon ranks (4-decimal scores near 0.5 were ranked apart), and the
// default primary metric is one both runs score; 13: "unchanged" by minEffect from two one-sided tests at alpha / m
// (it was each metric's own interval, or Δ alone), alpha the decimal 1 − confidence; 14: the Wilcoxon test exact up to
// 300 pairs, "unchanged" from exact bounds for pass/fail metrics and from the changed items' share and mean for numeric
// ones (a cached result kept the verdicts of the t interval)
const COMPARISON_VERSION = 14;

/** Cache key of an ordered pair: which rules and options, then which state of both runs. */
function cacheKey(options: ComparisonResult['options'], first: string, second: string): { optionsHash: string; key: string } {
  const optionsHash = sha(JSON.stringify([COMPARISON_VERSION, options])).slice(0, 32);
  return { optionsHash, key: `${optionsHash}:${sha(`${first}\n${second}`).slice(0, 32)}` };
}

/** A comparison opened for reading: everything but the item lists, and each list's entries on demand. */
export interface StoredComparison {
  /** The comparison with every item list empty (counts cover every item). */
  readonly result: ComparisonResult;
  /** Entries each list holds (its count, cut to the item limit). */
  readonly lengths: Record<ComparisonListName, number>;
  /** The entries of each list asked for, [offset, offset + limit) of it; lists not asked for are left out. */
  read(ranges: Partial<Record<ComparisonListName, ListRange>>): Promise<Partial<ComparisonLists>>;
}

/**
 * Compares run B with run A (deltas B − A), caching the result keyed by the ordered pair, the options and both runs'
 * current state: the entry's row in run_comparisons holds everything but the item lists, which run_comparison_chunks
 * holds in chunks, so a page of a list costs a chunk or two however many items changed. (B, A) after (A, B) is
 * served from the same entry, flipped; a run that changed since is recomputed.
 * @internal
 */
export async function openComparison(
  dataSource: DataSource,
  runIdA: string,
  runIdB: string,
  options: CompareOptions = {},
  useCache = true,
): Promise<StoredComparison> {
  checkCompareOptions(options);
  if (runIdA === runIdB) throw new ComparisonError('Compare two different runs (both references name the same run).');
  const runs = new RunRepository(dataSource);
  const [a, b] = await Promise.all([runs.getRun(runIdA), runs.getRun(runIdB)]);
  if (!a) throw new RunNotFoundError(runIdA);
  if (!b) throw new RunNotFoundError(runIdB);
  const resolved = resolveOptions(options, a, b);
  const [fpA, fpB] = await Promise.all([runFingerprint(dataSource, a.id, a.updatedAt), runFingerprint(dataSource, b.id, b.updatedAt)]);
  const forward = cacheKey(resolved, fpA, fpB);
  const backward = cacheKey(resolved, fpB, fpA);
  const repo = dataSource.getRepository(RunComparison);
  if (useCache) {
    const hit = await repo.findOne({
      select: { id: true, run1Id: true, result: true },
      where: [
        { run1Id: a.id, run2Id: b.id, optionsFingerprint: forward.key },
        { run1Id: b.id, run2Id: a.id, optionsFingerprint: backward.key },
      ],
    });
    if (hit) {
      const cached = hit.result as unknown as ComparisonResult;
      const flipped = hit.run1Id !== a.id;
      const result = { ...(flipped ? flipComparison(cached) : cached), fromCache: true };
      const lengths = listLengths(result);
      return {
        result,
        lengths,
        read: async (ranges) => {
          // The entry stores the lists of (run1, run2): a flipped reader's improved items are its regressed ones.
          const stored = flipped ? mapKeys(ranges, flipList) : ranges;
          const lists = await readListRanges(dataSource, hit.id, flipped ? mapKeys(lengths, flipList) : lengths, stored);
          // Replaced by another process since it was found: the same state gives the same lists, computed again.
          if (!lists) return cutLists((await compute(dataSource, a, b, resolved)).items, ranges);
          return flipped ? flipLists(lists) : lists;
        },
      };
    }
  }
  const result = await compute(dataSource, a, b, resolved);
  const fresh: StoredComparison = { result: withoutLists(result), lengths: listLengths(result), read: async (ranges) => cutLists(result.items, ranges) };
  // JSON has no ±Infinity (a difference beyond the largest double): such a comparison would come back from the cache
  // with nulls in its place, so it is computed each time instead.
  if (hasInfinity(result)) return fresh;
  // Replace what this pair had cached for these options (a stale state) with the fresh result.
  await cacheComparison(dataSource, a.id, b.id, async (manager) => {
    await manager
      .createQueryBuilder()
      .delete()
      .from(RunComparison)
      .where('run1Id = :a AND run2Id = :b AND optionsFingerprint LIKE :prefix', { a: a.id, b: b.id, prefix: `${forward.optionsHash}:%` })
      .execute();
    await manager
      .createQueryBuilder()
      .insert()
      .into(RunComparison)
      .values({
        run1Id: a.id,
        run2Id: b.id,
        optionsFingerprint: forward.key,
        result: withoutLists(result) as never,
        createdBy: options.createdBy ?? null,
        createdAt: new Date(),
      })
      // Another process may have cached the same comparison meanwhile: same key, same numbers.
      .orIgnore()
      .execute();
    const row = await manager.findOne(RunComparison, { select: { id: true }, where: { run1Id: a.id, run2Id: b.id, optionsFingerprint: forward.key } });
    if (row) await writeListChunks(manager, row.id, result);
  });
  return fresh;
}

/**
 * Writes a comparison to the cache in one transaction. A run deleted since the comparison was computed fails the
 * write on its foreign key: that is the run not being found (as it would be a moment later), not a database error.
 */
async function cacheComparison(dataSource: DataSource, runIdA: string, runIdB: string, write: (manager: EntityManager) => Promise<void>): Promise<void> {
  try {
    await inTransaction(dataSource, write);
  } catch (error) {
    const runs = new RunRepository(dataSource);
    const [a, b] = await Promise.all([runs.getRun(runIdA), runs.getRun(runIdB)]).catch(() => [true, true]);
    if (!a) throw new RunNotFoundError(runIdA);
    if (!b) throw new RunNotFoundError(runIdB);
    throw error;
  }
}

/** The whole comparison, every list as long as the item limit allows (see openComparison for the cache). @internal */
export async function compareStoredRuns(
  dataSource: DataSource,
  runIdA: string,
  runIdB: string,
  options: CompareOptions = {},
  useCache = true,
): Promise<ComparisonResult> {
  const opened = await openComparison(dataSource, runIdA, runIdB, options, useCache);
  const lists = await opened.read(mapKeys(opened.lengths, (list) => list, (_, length) => ({ offset: 0, limit: length })));
  return { ...opened.result, items: { ...opened.result.items, ...lists } };
}

async function compute(dataSource: DataSource, a: RunWithMetrics, b: RunWithMetrics, options: ComparisonResult['options']): Promise<ComparisonResult> {
  const [itemsA, itemsB] = await Promise.all([loadRunItems(dataSource, a.id), loadRunItems(dataSource, b.id)]);
  return { ...computeComparison(a, b, itemsA, itemsB, options), fromCache: false };
}

/** True when some number of the result is ±Infinity (or NaN), which its JSON would store as null. */
function hasInfinity(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasInfinity);
  return typeof value === 'object' && value !== null && Object.values(value).some(hasInfinity);
}

function cutLists(all: ComparisonLists, ranges: Partial<Record<ComparisonListName, ListRange>>): Partial<ComparisonLists> {
  const out: Partial<Record<ComparisonListName, unknown[]>> = {};
  for (const list of COMPARISON_LISTS) {
    const range = ranges[list];
    if (range) out[list] = all[list].slice(Math.max(0, range.offset), Math.max(0, range.offset) + Math.max(0, range.limit));
  }
  return out as Partial<ComparisonLists>;
}

const FLIPPED: Record<ComparisonListName, ComparisonListName> = { improved: 'regressed', regressed: 'improved', onlyInA: 'onlyInB', onlyInB: 'onlyInA' };
const flipList = (list: ComparisonListName) => FLIPPED[list];

function mapKeys<V, W = V>(
  record: Partial<Record<ComparisonListName, V>>,
  key: (list: ComparisonListName) => ComparisonListName,
  value: (list: ComparisonListName, v: V) => W = (_, v) => v as unknown as W,
): Record<ComparisonListName, W> {
  const out = {} as Record<ComparisonListName, W>;
  for (const list of COMPARISON_LISTS) if (record[list] !== undefined) out[key(list)] = value(list, record[list]!);
  return out;
}

function flipLists(lists: Partial<ComparisonLists>): Partial<ComparisonLists> {
  const out: Partial<ComparisonLists> = {};
  if (lists.regressed) out.improved = lists.regressed.map(flipItem);
  if (lists.improved) out.regressed = lists.improved.map(flipItem);
  if (lists.onlyInB) out.onlyInA = lists.onlyInB;
  if (lists.onlyInA) out.onlyInB = lists.onlyInA;
  return out;
}
