import type { ItemStatus } from '@llm-eval/models';
import type { RunState } from '@llm-eval/storage';
import { matchPhrase, type Match, type RuleContext } from './rule';

/** Words and phrases that name a status, mapped to the status. */
export type StatusVocabulary<S extends string> = ReadonlyMap<string, S>;

/** Run status words. "successful" is here, but "success rate" is a metric and is matched first. */
export const RUN_STATUS_WORDS: StatusVocabulary<RunState> = new Map<string, RunState>([
  ...words('failed', ['failed', 'fail', 'fails', 'failure', 'failures', 'failing', 'errored', 'error', 'errors', 'erroring', 'broken', 'crashed', 'unsuccessful']),
  ...words('completed', ['completed', 'complete', 'finished', 'successful', 'succeeded', 'success', 'passed', 'done']),
  ...words('running', ['running', 'in progress', 'ongoing', 'active', 'executing']),
  ...words('cancelled', ['cancelled', 'canceled', 'aborted', 'stopped', 'killed']),
  // Stored as running, but the writer is gone (see `llm-eval runs recover`).
  ...words('abandoned', ['abandoned', 'orphaned', 'interrupted', 'stuck']),
]);

/** Item status words. */
export const ITEM_STATUS_WORDS: StatusVocabulary<ItemStatus> = new Map<string, ItemStatus>([
  ...words('failed', ['failed', 'fail', 'fails', 'failure', 'failures', 'failing', 'errored', 'error', 'errors', 'broken', 'unsuccessful']),
  ...words('completed', ['completed', 'complete', 'finished', 'successful', 'succeeded', 'success', 'passed', 'done', 'ok']),
  ...words('pending', ['pending', 'waiting', 'queued', 'unprocessed', 'in progress']),
  ...words('skipped', ['skipped', 'skip', 'skips']),
]);

function words<S extends string>(status: S, list: readonly string[]): [string, S][] {
  return list.map((w) => [w, status]);
}

/** Separators inside a status list: "failed, cancelled or aborted"; "and" also means either (a run has one status). */
const LIST_SEPARATORS = new Set([',', 'or', 'and', 'nor', '&', '|']);

/** The status named at `i` as [status, end, negated]; "non-failed" is negated. */
function statusAt<S extends string>(ctx: RuleContext, i: number, vocab: StatusVocabulary<S>, phrases: readonly string[]): [S[], number, boolean] | null {
  const phrase = matchPhrase(ctx, i, phrases);
  if (phrase) return [[vocab.get(phrase[0])!], phrase[1], false];
  const token = ctx.tokens[i];
  if (token?.kind !== 'word') return null;
  const negated = /^non-./.test(token.lower);
  const body = negated ? token.lower.slice(4) : token.lower;
  // "failed/cancelled" is one word token.
  const parts = body.split('/');
  const statuses = parts.map((part) => vocab.get(part));
  if (statuses.some((s) => s === undefined)) return null;
  return [statuses as S[], i + 1, negated];
}

/** A rule that reads a list of statuses ("failed or cancelled") into one status node. */
export function statusRule<S extends string, N>(
  vocab: StatusVocabulary<S>,
  makeNode: (values: S[]) => N,
  negate: (node: N) => N,
) {
  const phrases = [...vocab.keys()];
  return (ctx: RuleContext, i: number): Match<N, never> | null => {
    const first = statusAt(ctx, i, vocab, phrases);
    if (!first) return null;
    const [values, firstEnd, negated] = first;
    let end = firstEnd;
    if (!negated) {
      for (;;) {
        const sep = ctx.tokens[end];
        if (!sep || !LIST_SEPARATORS.has(sep.lower)) break;
        const next = statusAt(ctx, end + 1, vocab, phrases);
        if (!next || next[2]) break;
        values.push(...next[0]);
        end = next[1];
      }
    }
    const unique = [...new Set(values)];
    const node = makeNode(unique);
    return { end, node: negated ? negate(node) : node };
  };
}

/** Parses the value of `status:failed,cancelled`; undefined entries are unknown words. */
export function statusValues<S extends string>(value: string, vocab: StatusVocabulary<S>): (S | undefined)[] {
  return value
    .toLowerCase()
    .split(/[,|/]/)
    .map((part) => vocab.get(part.trim()));
}
