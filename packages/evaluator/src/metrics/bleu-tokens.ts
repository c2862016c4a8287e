import { splitCjk } from './split-cjk';

/** A punctuation or symbol character, except `.` and `,` between two digits (3.14, 1,000). */
const SEPARATE = /(?!(?<=\d)[.,](?=\d))[\p{P}\p{S}]/gu;
const WHITESPACE = /\s+/u;

/**
 * BLEU tokens, close to sacrebleu's 13a tokenizer: lowercase, NFC, every punctuation or symbol
 * character (including emoji) its own token except `.`/`,` inside numbers, each Chinese/Japanese
 * character its own token, then split on whitespace.
 * @internal
 */
export function bleuTokens(text: string): string[] {
  const spaced = splitCjk(text.toLowerCase().normalize('NFC').replace(SEPARATE, ' $& '));
  return spaced.split(WHITESPACE).filter((token) => token !== '');
}
