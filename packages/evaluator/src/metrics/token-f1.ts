import { ConfigError } from '../errors';
import type { MetricFunction } from '../types';
import { referenceTexts } from './reference-texts';
import { squadTokens } from './squad-normalize';
import { toText } from './to-text';
import { wordTokens } from './word-tokens';

/** Options of {@link createTokenF1}. */
export interface TokenF1Options {
  /**
   * How texts become tokens. `'squad'` (default): exactly `normalize_answer` of the official SQuAD v1.1 script
   * (lowercase, delete ASCII `string.punctuation`, drop the words a/an/the, split on whitespace).
   * `'multilingual'`: Unicode NFC, every Unicode punctuation character (`\p{P}`) deleted, each Chinese/Japanese
   * character its own token, a/an/the dropped; it is not SQuAD's definition, so scores differ from SQuAD's.
   */
  normalization?: 'squad' | 'multilingual';
}

const MULTILINGUAL = { removeArticles: true };

/**
 * `token_f1`: the SQuAD v1.1 `f1_score` of output and expected, and for an array of references the best
 * (`metric_max_over_ground_truths`). Tokens: see {@link TokenF1Options.normalization}. Values are read as text
 * (null → '', objects as JSON). As in SQuAD v1.1, a pair with no common token scores 0, so two empty (or
 * article/punctuation-only) texts score 0, not 1 (SQuAD v2 would give 1).
 */
export function createTokenF1(options: TokenF1Options = {}): MetricFunction {
  const normalization = options.normalization ?? 'squad';
  if (normalization !== 'squad' && normalization !== 'multilingual') {
    throw new ConfigError(`token_f1: normalization must be "squad" or "multilingual", got ${JSON.stringify(normalization)}`);
  }
  const tokens = normalization === 'squad' ? squadTokens : (text: string) => wordTokens(text, MULTILINGUAL);
  return function token_f1(output, expected) {
    const prediction = tokens(toText(output));
    let best = 0;
    for (const reference of referenceTexts(expected)) {
      best = Math.max(best, tokenF1(prediction, tokens(reference)));
      if (best === 1) break;
    }
    return best;
  };
}

/**
 * `f1_score` of the SQuAD v1.1 script on token lists: multiset (Counter) overlap, 0 when nothing is shared
 * (including two empty lists), else 2PR / (P + R) computed in the script's order of operations. @internal
 */
export function tokenF1(prediction: readonly string[], reference: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const token of reference) counts.set(token, (counts.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of prediction) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      common++;
      counts.set(token, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = (1.0 * common) / prediction.length;
  const recall = (1.0 * common) / reference.length;
  return (2 * precision * recall) / (precision + recall);
}
