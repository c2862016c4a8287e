import type { FilterNode, NumberField } from './filter';
import { runTargetAt } from './metric-names';
import { parseQuantity } from './quantity';
import { matchPhrase, sliceTokens, wordAt, type Match, type RuleContext } from './rule';

/** What a bare count counts: "100 items" (all items), "0 failures", "1 failed item" (failed items). */
const COUNTED: ReadonlyMap<string, NumberField> = new Map<string, NumberField>([
  ...counted('totalItems', ['items', 'item']),
  ...counted('failedItems', [
    'failures', 'failure', 'errors', 'error', 'failed items', 'failed item', 'errored items', 'errored item', 'item failures',
  ]),
]);
const COUNTED_PHRASES = [...COUNTED.keys()];
/** Singular nouns, which count only 1 ("1 failure"): "runs with 404 error" is text, not 404 failed items. */
const SINGULAR: ReadonlySet<string> = new Set(['item', 'failure', 'error', 'failed item', 'errored item']);
/** Words that count nothing: "no failures", "zero errors", "without failures". */
const NONE_WORDS: ReadonlySet<string> = new Set(['no', 'zero', 'without']);

function counted(field: NumberField, list: readonly string[]): [string, NumberField][] {
  return list.map((p) => [p, field]);
}

/**
 * A count with no operator is exact: "100 items" is total items = 100, "0 failures" and "no failures" failed items = 0.
 * "no failures" used to be read as "not failed" (a status), and a run can fail with no failed item, so that reading
 * is named in a warning. "5 failed runs" is no count (the number is not followed by "failures" or "failed items"), nor
 * is "404 error" (a singular noun counts only 1).
 */
export function exactCountRule(ctx: RuleContext, i: number): Match<FilterNode, never> | null {
  const word = wordAt(ctx, i);
  if (word === undefined) return null;
  const none = NONE_WORDS.has(word);
  let value = 0;
  let j = i + 1;
  if (!none) {
    const quantity = parseQuantity(ctx, i);
    if (!quantity || quantity.unit !== 'none' || !Number.isSafeInteger(quantity.value) || quantity.value < 0) return null;
    value = quantity.value;
    j = quantity.end;
  }
  const noun = matchPhrase(ctx, j, COUNTED_PHRASES);
  // "no error rate above 10%" names a longer measure than "error".
  if (!noun || (runTargetAt(ctx, j)?.end ?? 0) > noun[1]) return null;
  if (!none && SINGULAR.has(noun[0]) && value !== 1) return null;
  const field = COUNTED.get(noun[0])!;
  const node: FilterNode = { kind: 'number', field, op: '=', value };
  // "zero failures" is a number; "no failures" and "without failures" could be read as a status, so the reader is told.
  if (!none || word === 'zero' || field !== 'failedItems') return { end: noun[1], node };
  const written = sliceTokens(ctx, i, noun[1]);
  const warning = `read "${written}" as failed items = 0; for runs whose status is not failed, write "not failed"`;
  return { end: noun[1], node, warnings: [warning] };
}
