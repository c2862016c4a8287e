import type { Match, RuleContext } from './rule';

/**
 * Words that carry no meaning in a run query; they are consumed silently. Prepositions such as
 * "on", "in", "from" and "with" are here too, but the rules that give them meaning ("on Nov 3",
 * "in project demo") run first.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'and', 'of', 'in', 'on', 'at', 'for', 'to', 'from', 'with', 'that', 'which', 'who', 'whose',
  'where', 'are', 'were', 'is', 'was', 'be', 'been', 'being', 'have', 'has', 'had', 'having', 'do', 'does', 'did',
  'show', 'me', 'us', 'list', 'find', 'get', 'give', 'display', 'search', 'fetch', 'return', 'see', 'view',
  'i', 'we', 'you', 'my', 'our', 'your', 'want', 'need', 'would', 'like', 'please', 'can', 'could',
  'all', 'any', 'some', 'every', 'only', 'just', 'those', 'these', 'this', 'there', 'ones', 'one', 'what',
  'run', 'runs', 'result', 'results', 'evaluation', 'evaluations', 'eval', 'evals', 'experiment', 'experiments',
  'job', 'jobs', 'response', 'responses', 'created', 'made', 'started', 'launched', 'executed',
  'happened', 'either', 'both', 'also', 'too', 'using', 'via',
]);

/** Words that are consumed silently by parseItemQuery, on top of STOP_WORDS. */
export const ITEM_STOP_WORDS: ReadonlySet<string> = new Set([
  'item', 'items', 'row', 'rows', 'case', 'cases', 'example', 'examples', 'sample', 'samples', 'answer', 'answers',
  'prediction', 'predictions', 'record', 'records',
]);

/** Consumes one stop word; `extra` adds words for a particular parser. */
export function stopWordRule<N, S>(extra?: ReadonlySet<string>) {
  return (ctx: RuleContext, i: number): Match<N, S> | null => {
    const token = ctx.tokens[i];
    if (token?.kind !== 'word') return null;
    return STOP_WORDS.has(token.lower) || extra?.has(token.lower) ? { end: i + 1, filler: true } : null;
  };
}

/** Turns a punctuation or garbage token (`;`, `--`, `)`, a lone `!`) into an "ignored" warning. */
export function punctuationRule<N, S>(ctx: RuleContext, i: number): Match<N, S> | null {
  const token = ctx.tokens[i];
  if (!token || (token.kind !== 'punct' && token.kind !== 'op')) return null;
  // Commas separate list entries ("failed, cancelled"); they need no warning.
  if (token.text === ',') return { end: i + 1 };
  return { end: i + 1, warnings: [`ignored "${token.text}"`] };
}
