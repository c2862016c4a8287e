import type { Token } from './tokenize';

/** Options after defaults are applied. */
export interface ResolvedOptions {
  readonly now: Date;
  readonly timeZone: string;
  /** Known metric names as given by the caller. */
  readonly metrics: readonly string[];
  /** Stored model names, when the caller knows them. */
  readonly models?: readonly string[];
  /** Stored tags, when the caller knows them. */
  readonly tags?: readonly string[];
  /** Stored project ids, when the caller knows them. */
  readonly projects?: readonly string[];
  /** Stored creators, when the caller knows them. */
  readonly creators?: readonly string[];
  /** Filler words stored runs have in their text, when the caller knows them. */
  readonly fillerWordsInText?: readonly string[];
}

/** What every rule can see: the query, its tokens and the resolved options. */
export interface RuleContext {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly options: ResolvedOptions;
}

/** What a rule understood, starting at a token and ending before token `end`. */
export interface Match<N, S> {
  /** Index of the first token not consumed (always greater than the start). */
  readonly end: number;
  readonly node?: N;
  readonly sort?: S;
  readonly limit?: number;
  readonly warnings?: readonly string[];
  /** `not` negates the next condition; `or` joins the previous and the next condition. */
  readonly control?: 'not' | 'or';
  /** How a time condition was written (`last week`), for the explanation. */
  readonly label?: string;
  /** A word that means nothing here (a stop word): consumed without a warning, unless the query has nothing else. */
  readonly filler?: boolean;
}

/** Tries to understand the tokens at index `i`; null when it does not apply there. */
export type Rule<N, S> = (ctx: RuleContext, i: number) => Match<N, S> | null;

/** What the first of `rules` that applies at `i` understood, or null. */
export function firstMatch<N, S>(ctx: RuleContext, rules: readonly Rule<N, S>[], i: number): Match<N, S> | null {
  for (const rule of rules) {
    const match = rule(ctx, i);
    if (match && match.end > i) return match;
  }
  return null;
}

/** The lower-cased word at `i`, or undefined when token `i` is missing or not a plain word. */
export function wordAt(ctx: RuleContext, i: number): string | undefined {
  const token = ctx.tokens[i];
  return token?.kind === 'word' ? token.lower : undefined;
}

/** The lower-cased text at `i` for words and operators (`>=`), or undefined. */
export function wordOrOpAt(ctx: RuleContext, i: number): string | undefined {
  const token = ctx.tokens[i];
  return token && (token.kind === 'word' || token.kind === 'op' || token.kind === 'punct') ? token.lower : undefined;
}

/**
 * Matches a fixed sequence of words at `i` (each entry a word or a set of alternatives).
 * Returns the index after the sequence, or -1.
 */
export function matchWords(ctx: RuleContext, i: number, words: readonly (string | readonly string[])[]): number {
  let j = i;
  for (const expected of words) {
    const word = wordAt(ctx, j);
    if (word === undefined) return -1;
    if (typeof expected === 'string' ? word !== expected : !expected.includes(word)) return -1;
    j++;
  }
  return j;
}

/** Phrase lists split into words once, indexed by their first word (lists are module constants). */
const phraseIndex = new WeakMap<readonly string[], Map<string, string[][]>>();

function indexOf(phrases: readonly string[]): Map<string, string[][]> {
  let index = phraseIndex.get(phrases);
  if (!index) {
    index = new Map();
    for (const phrase of phrases) {
      const words = phrase.split(' ');
      index.set(words[0]!, [...(index.get(words[0]!) ?? []), words]);
    }
    phraseIndex.set(phrases, index);
  }
  return index;
}

/** Longest of several phrases (space-separated words) that matches at `i`, as [phrase, end]. Pass a constant list. */
export function matchPhrase(ctx: RuleContext, i: number, phrases: readonly string[]): [string, number] | null {
  const first = wordAt(ctx, i);
  const candidates = first === undefined ? undefined : indexOf(phrases).get(first);
  if (!candidates) return null;
  let best: [string, number] | null = null;
  for (const words of candidates) {
    let j = i + 1;
    while (j - i < words.length && wordAt(ctx, j) === words[j - i]) j++;
    if (j - i === words.length && (!best || j > best[1])) best = [words.join(' '), j];
  }
  return best;
}

/** The query text covered by tokens [from, to). */
export function sliceTokens(ctx: RuleContext, from: number, to: number): string {
  const first = ctx.tokens[from];
  const last = ctx.tokens[to - 1];
  return first && last ? ctx.text.slice(first.start, last.end) : '';
}

/** A positive whole number written in digits at `i`, or undefined. */
export function integerAt(ctx: RuleContext, i: number): number | undefined {
  const word = wordAt(ctx, i);
  if (word === undefined || !/^\d{1,9}$/.test(word)) return undefined;
  return Number(word);
}

/**
 * A limit written in digits at `i`, of any size: a limit too large is capped by the parser, never read as text. It may
 * be beyond safe integers (or Infinity) for absurdly long numbers. A whole number in exponent notation ("1e3") is one.
 */
export function limitAt(ctx: RuleContext, i: number): number | undefined {
  const word = wordAt(ctx, i);
  if (word === undefined) return undefined;
  if (/^\d+$/.test(word)) return Number(word);
  const n = /^\d+(?:\.\d+)?e\+?\d+$/.test(word) ? Number(word) : NaN;
  return Number.isInteger(n) || n === Infinity ? n : undefined;
}

/** A number at `i` that is no limit ("1.5", "-3", "1e-3"): a sort word before it asked for a count, so it is reported. */
export function unusableLimitAt(ctx: RuleContext, i: number): string | undefined {
  const word = wordAt(ctx, i);
  return word !== undefined && limitAt(ctx, i) === undefined && /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/.test(word) ? word : undefined;
}
