import { ConfigError } from '../errors';
import type { MetricFunction } from '../types';
import { bleuTokens } from './bleu-tokens';
import { fsum } from '@llm-eval/stats';
import { referenceTexts } from './reference-texts';
import { toText } from './to-text';

/** Options of {@link createBleu}. */
export interface BleuOptions {
  /** Longest n-gram order; the weights are uniform, 1/maxN each. Default 4 (NLTK's (0.25, 0.25, 0.25, 0.25)). */
  maxN?: number;
  /**
   * `'none'` (default): NLTK's `SmoothingFunction().method0`, so any n-gram order without a match makes the score
   * practically 0 (a one-word answer scores about 1e-231 even when right). `'method1'`: NLTK's
   * `SmoothingFunction().method1` (Chen & Cherry 2014), a zero match count becomes epsilon 0.1.
   */
  smoothing?: 'none' | 'method1';
}

/** `sys.float_info.min`, the precision NLTK's method0 substitutes for a zero one. */
const FLOAT_INFO_MIN = 2.2250738585072014e-308;
/** `SmoothingFunction().epsilon`. */
const EPSILON = 0.1;

/**
 * `bleu`: NLTK's `sentence_bleu(references, hypothesis)` with its defaults (uniform weights up to `maxN`, no
 * smoothing, no auto-reweighting): clipped n-gram precisions, brevity penalty from the closest reference length
 * (the shorter on ties), 0 when no unigram matches or the output is empty. Tokens come from `bleuTokens`:
 * lowercase, NFC, every punctuation or symbol character its own token (except `.`/`,` inside numbers), every emoji
 * (with its skin tone, keycap or flag pair, or its ZWJ sequence) one token, each
 * Chinese/Japanese character its own token, split on whitespace. An array of expected values is several references.
 */
export function createBleu(options: BleuOptions = {}): MetricFunction {
  const maxN = options.maxN ?? 4;
  if (!Number.isInteger(maxN) || maxN < 1) throw new ConfigError(`bleu: maxN must be an integer >= 1, got ${maxN}`);
  const smoothing = options.smoothing ?? 'none';
  if (smoothing !== 'none' && smoothing !== 'method1') {
    throw new ConfigError(`bleu: smoothing must be "none" or "method1", got ${JSON.stringify(smoothing)}`);
  }
  return function bleu(output, expected) {
    return sentenceBleu(bleuTokens(toText(output)), referenceTexts(expected).map(bleuTokens), maxN, smoothing);
  };
}

/**
 * NLTK 3.8 `sentence_bleu` (through `corpus_bleu`, `modified_precision`, `closest_ref_length`, `brevity_penalty`
 * and `SmoothingFunction.method0`/`method1`) on token lists, including its `math.fsum`. @internal
 */
export function sentenceBleu(
  hypothesis: readonly string[],
  references: readonly (readonly string[])[],
  maxN: number,
  smoothing: 'none' | 'method1' = 'none',
): number {
  const numerators: number[] = [];
  const denominators: number[] = [];
  for (let n = 1; n <= maxN; n++) {
    const counts = countGrams(hypothesis, n);
    const maxCounts = new Map<string, number>();
    for (const reference of references) {
      const referenceCounts = countGrams(reference, n);
      for (const gram of counts.keys()) maxCounts.set(gram, Math.max(maxCounts.get(gram) ?? 0, referenceCounts.get(gram) ?? 0));
    }
    let numerator = 0;
    let total = 0;
    for (const [gram, count] of counts) {
      numerator += Math.min(count, maxCounts.get(gram)!);
      total += count;
    }
    numerators.push(numerator);
    denominators.push(Math.max(1, total));
  }
  const brevityPenalty = penalty(closestReferenceLength(references, hypothesis.length), hypothesis.length);
  if (numerators[0] === 0) return 0;
  const precisions = numerators.map((numerator, i) =>
    numerator !== 0 ? numerator / denominators[i]! : smoothing === 'method1' ? (numerator + EPSILON) / denominators[i]! : FLOAT_INFO_MIN,
  );
  const weight = 1 / maxN;
  return brevityPenalty * Math.exp(fsum(precisions.filter((p) => p > 0).map((p) => weight * Math.log(p))));
}

/** `Counter(ngrams(tokens, n)) if len(tokens) >= n else Counter()`, each n-gram keyed by its tokens as JSON. */
function countGrams(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = JSON.stringify(tokens.slice(i, i + n));
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** `min(ref_lens, key=lambda ref_len: (abs(ref_len - hyp_len), ref_len))`. */
function closestReferenceLength(references: readonly (readonly string[])[], hypothesisLength: number): number {
  let best = references[0]!.length;
  for (const { length } of references) {
    const gap = Math.abs(length - hypothesisLength);
    const bestGap = Math.abs(best - hypothesisLength);
    if (gap < bestGap || (gap === bestGap && length < best)) best = length;
  }
  return best;
}

/** NLTK's `brevity_penalty(closest_ref_len, hyp_len)`. */
function penalty(referenceLength: number, hypothesisLength: number): number {
  if (hypothesisLength > referenceLength) return 1;
  if (hypothesisLength === 0) return 0;
  return Math.exp(1 - referenceLength / hypothesisLength);
}
