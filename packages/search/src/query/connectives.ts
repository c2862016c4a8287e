import { matchPhrase, type Match, type RuleContext } from './rule';

/**
 * Words that negate the next condition: "not failed", "that are not completed", "excluding
 * cancelled", "without tag nightly". A negation applies to the whole next condition, and to a list of values of one
 * field after it: "not failed or cancelled", "not gpt-4 or claude" and "neither failed nor cancelled" exclude both.
 */
export const NEGATION_PHRASES: readonly string[] = [
  'not', 'neither', 'non', 'no', 'excluding', 'exclude', 'except', 'except for', 'but not', 'without', 'other than',
  "isn't", "aren't", "wasn't", "weren't", "didn't", "don't", "doesn't", 'isnt', 'arent', 'never',
];

/** Words that join the previous and the next condition with OR ("gpt-4o vs claude": runs of either). */
export const OR_WORDS: ReadonlySet<string> = new Set(['or', 'nor', 'vs', 'versus']);

/** First words of the connectives, for the list of reserved words. */
export const CONNECTIVE_WORDS: ReadonlySet<string> = new Set([...NEGATION_PHRASES.map((p) => p.split(' ')[0]!), ...OR_WORDS]);

/** "not", "excluding" … → negate the next condition. */
export function negationRule<N, S>(ctx: RuleContext, i: number): Match<N, S> | null {
  const phrase = matchPhrase(ctx, i, NEGATION_PHRASES);
  return phrase ? { end: phrase[1], control: 'not' } : null;
}

/** "or", "vs" → join the previous and the next condition. */
export function orRule<N, S>(ctx: RuleContext, i: number): Match<N, S> | null {
  const token = ctx.tokens[i];
  return token?.kind === 'word' && OR_WORDS.has(token.lower) ? { end: i + 1, control: 'or' } : null;
}
