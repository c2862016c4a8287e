import type { FilterNode } from './filter';
import { runTargetAt } from './metric-names';
import { matchPhrase, sliceTokens, wordAt, type Match, type RuleContext } from './rule';

/** Words that say a run has something: "runs with failures", "runs that have failed items". */
const HAVING: readonly string[] = [
  'with', 'having', 'has', 'have', 'had',
  'that has', 'that have', 'that had', 'which has', 'which have', 'which had', 'who have',
];
/** Words between "with" and the noun that change nothing: "with any failures", "that have some errors". */
const SOME = new Set(['any', 'some']);
/** Plural nouns that name a run's failed items ("with error" or "with 404 error" is no count). */
const FAILED_ITEM_NOUNS: readonly string[] = ['failures', 'errors', 'failed items', 'errored items', 'item failures', 'item errors'];

/**
 * "runs with failures", "runs that have failed items", "runs with errors": failed items > 0, the opposite of "without
 * failures" (failed items = 0). These were read as status failed, which finds neither a completed run whose items
 * failed nor leaves out a failed run with none, so the warning names how to ask for the status.
 */
export function havingFailuresRule(ctx: RuleContext, i: number): Match<FilterNode, never> | null {
  const having = matchPhrase(ctx, i, HAVING);
  if (!having) return null;
  const j = SOME.has(wordAt(ctx, having[1]) ?? '') ? having[1] + 1 : having[1];
  const noun = matchPhrase(ctx, j, FAILED_ITEM_NOUNS);
  // "with error rate above 10%" names a longer measure than "error".
  if (!noun || (runTargetAt(ctx, j)?.end ?? 0) > noun[1]) return null;
  const written = sliceTokens(ctx, i, noun[1]);
  return {
    end: noun[1],
    node: { kind: 'number', field: 'failedItems', op: '>', value: 0 },
    warnings: [`read "${written}" as failed items > 0; for runs whose status is failed, write "failed runs"`],
  };
}
