import type { MetricFunction } from '../types';
import { referenceTexts } from './reference-texts';
import { toText } from './to-text';
import { wordTokens } from './word-tokens';

const SQUAD = { removeArticles: true };

/** `token_f1`: SQuAD token F1 of output and expected (best over an array of references); both empty → 1. */
export function createTokenF1(): MetricFunction {
  return function token_f1(output, expected) {
    const prediction = wordTokens(toText(output), SQUAD);
    let best = 0;
    for (const reference of referenceTexts(expected)) {
      best = Math.max(best, tokenF1(prediction, wordTokens(reference, SQUAD)));
      if (best === 1) break;
    }
    return best;
  };
}

/** F1 of the multiset overlap of two token lists, as the SQuAD v1.1 evaluation script computes it. @internal */
export function tokenF1(prediction: readonly string[], reference: readonly string[]): number {
  if (prediction.length === 0 || reference.length === 0) return prediction.length === reference.length ? 1 : 0;
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
  const precision = common / prediction.length;
  const recall = common / reference.length;
  return (2 * precision * recall) / (precision + recall);
}
