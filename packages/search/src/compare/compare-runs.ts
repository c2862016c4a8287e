import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { RunComparison } from '@llm-eval/models';
import { inTransaction, RunNotFoundError, RunRepository, type RunWithMetrics } from '@llm-eval/storage';
import { ComparisonError } from '../errors';
import type { CompareOptions, ComparisonResult } from './comparison-types';
import { computeComparison, resolveOptions } from './compute-comparison';
import { flipComparison } from './flip-comparison';
import { loadRunItems, runFingerprint } from './load-run-items';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Version of how comparisons are computed, part of every cache key: results cached under older rules (verdicts
 * from the bootstrap interval alone, no adjusted p-values) are then recomputed instead of served.
 */
const COMPARISON_VERSION = 2;

/** Cache key of an ordered pair: which rules and options, then which state of both runs. */
function cacheKey(options: ComparisonResult['options'], first: string, second: string): { optionsHash: string; key: string } {
  const optionsHash = sha(JSON.stringify([COMPARISON_VERSION, options])).slice(0, 32);
  return { optionsHash, key: `${optionsHash}:${sha(`${first}\n${second}`).slice(0, 32)}` };
}

/**
 * Compares run B with run A (deltas B − A), caching the result in run_comparisons keyed by the ordered pair, the
 * options and both runs' current state. (B, A) after (A, B) is served from the same entry, flipped; a run that
 * changed since is recomputed.
 * @internal
 */
export async function compareStoredRuns(
  dataSource: DataSource,
  runIdA: string,
  runIdB: string,
  options: CompareOptions = {},
  useCache = true,
): Promise<ComparisonResult> {
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
    const hit = await repo.findOne({ where: [
      { run1Id: a.id, run2Id: b.id, optionsFingerprint: forward.key },
      { run1Id: b.id, run2Id: a.id, optionsFingerprint: backward.key },
    ] });
    if (hit) {
      const cached = hit.result as unknown as ComparisonResult;
      const oriented = hit.run1Id === a.id ? cached : flipComparison(cached);
      return { ...oriented, fromCache: true };
    }
  }
  const result = await compute(dataSource, a, b, resolved);
  // Replace what this pair had cached for these options (a stale state) with the fresh result.
  await inTransaction(dataSource, async (manager) => {
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
        result: result as never,
        createdBy: options.createdBy ?? null,
        createdAt: new Date(),
      })
      // Another process may have cached the same comparison meanwhile: same key, same numbers.
      .orIgnore()
      .execute();
  });
  return { ...result, fromCache: false };
}

async function compute(dataSource: DataSource, a: RunWithMetrics, b: RunWithMetrics, options: ComparisonResult['options']): Promise<ComparisonResult> {
  const [itemsA, itemsB] = await Promise.all([loadRunItems(dataSource, a.id), loadRunItems(dataSource, b.id)]);
  return { ...computeComparison(a, b, itemsA, itemsB, options), fromCache: false };
}
