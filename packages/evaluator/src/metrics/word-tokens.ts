import { splitCjk } from './split-cjk';

const PUNCTUATION = /\p{P}/gu;
const WHITESPACE = /\s+/u;
const ARTICLES: ReadonlySet<string> = new Set(['a', 'an', 'the']);

/** Options of {@link wordTokens}. */
export interface WordTokensOptions {
  /** Drop the English articles a, an, the (SQuAD does; ROUGE does not). */
  removeArticles: boolean;
}

/**
 * SQuAD-style normalised tokens: lowercase, NFC, Unicode punctuation (`\p{P}`) deleted (so "don't"
 * is "dont", as in the SQuAD script), Chinese/Japanese characters one token each, split on
 * whitespace, optionally without articles. Symbols and emoji are kept as parts of words.
 * @internal
 */
export function wordTokens(text: string, options: WordTokensOptions): string[] {
  const cleaned = splitCjk(text.toLowerCase().normalize('NFC').replace(PUNCTUATION, ''));
  const tokens: string[] = [];
  for (const token of cleaned.split(WHITESPACE)) {
    if (token === '' || (options.removeArticles && ARTICLES.has(token))) continue;
    tokens.push(token);
  }
  return tokens;
}
