import type { MetricFunction } from '../types';
import { referenceTexts } from './reference-texts';
import { toText } from './to-text';
import { wordTokens } from './word-tokens';

const KEEP_ARTICLES = { removeArticles: false };

/**
 * `rouge_l`: ROUGE-L F-measure with beta = 1 (2PR / (P + R) from the longest common subsequence), best over an array
 * of references; both empty → 1, one empty → 0. Tokens are llm-eval's own, not rouge-score's tokenizer (which keeps
 * only a-z0-9): lowercase, Unicode NFC, every Unicode punctuation character (`\p{P}`) deleted, each Chinese/Japanese
 * character its own token, split on whitespace; articles are kept and there is no stemming.
 */
export function createRougeL(): MetricFunction {
  return function rouge_l(output, expected) {
    const candidate = wordTokens(toText(output), KEEP_ARTICLES);
    let best = 0;
    for (const reference of referenceTexts(expected)) {
      best = Math.max(best, rougeLF1(candidate, wordTokens(reference, KEEP_ARTICLES)));
      if (best === 1) break;
    }
    return best;
  };
}

/** ROUGE-L F-measure with beta = 1: 2PR / (P + R) where P = LCS / |candidate|, R = LCS / |reference|. @internal */
export function rougeLF1(candidate: readonly string[], reference: readonly string[]): number {
  if (candidate.length === 0 || reference.length === 0) return candidate.length === reference.length ? 1 : 0;
  const lcs = longestCommonSubsequence(candidate, reference);
  if (lcs === 0) return 0;
  const precision = lcs / candidate.length;
  const recall = lcs / reference.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Length of the longest common subsequence: O(n·m) time, two Int32Array rows of memory. @internal */
export function longestCommonSubsequence(a: readonly string[], b: readonly string[]): number {
  // Compare small integers in the inner loop instead of strings.
  const ids = new Map<string, number>();
  const aIds = toIds(a, ids);
  const bIds = toIds(b, ids);
  let previous = new Int32Array(bIds.length + 1);
  let current = new Int32Array(bIds.length + 1);
  for (let i = 0; i < aIds.length; i++) {
    const token = aIds[i];
    for (let j = 0; j < bIds.length; j++) {
      current[j + 1] = token === bIds[j] ? previous[j]! + 1 : Math.max(previous[j + 1]!, current[j]!);
    }
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[bIds.length]!;
}

function toIds(tokens: readonly string[], ids: Map<string, number>): Int32Array {
  const out = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    let id = ids.get(token);
    if (id === undefined) {
      id = ids.size;
      ids.set(token, id);
    }
    out[i] = id;
  }
  return out;
}
