import { ConfigError } from '../errors';
import type { MetricFunction } from '../types';
import { bleuTokens } from './bleu-tokens';
import { referenceTexts } from './reference-texts';
import { toText } from './to-text';

/** Options of {@link createBleu}. */
export interface BleuOptions {
  /** Longest n-gram order. Default 4 (BLEU-4). */
  maxN?: number;
}

/** Chen & Cherry (2014) smoothing method 1: a zero n-gram match count becomes this epsilon. */
const EPSILON = 0.1;

/**
 * `bleu`: sentence BLEU in [0, 1] against one reference or an array of them: clipped n-gram
 * precisions up to `maxN`, geometric mean, brevity penalty from the closest reference length.
 */
export function createBleu(options: BleuOptions = {}): MetricFunction {
  const maxN = options.maxN ?? 4;
  if (!Number.isInteger(maxN) || maxN < 1) throw new ConfigError(`bleu: maxN must be an integer >= 1, got ${maxN}`);
  return function bleu(output, expected) {
    return sentenceBleu(bleuTokens(toText(output)), referenceTexts(expected).map(bleuTokens), maxN);
  };
}

/**
 * Sentence BLEU of token lists. Zero match counts get epsilon 0.1 (Chen & Cherry method 1, the
 * "floor" smoothing of sacrebleu); orders longer than the candidate are left out of the mean
 * (sacrebleu's effective order, so "Paris" vs "Paris" is 1). Ties in closest reference length go
 * to the shorter one. Empty candidate and references → 1; only one side empty → 0.
 * @internal
 */
export function sentenceBleu(candidate: readonly string[], references: readonly (readonly string[])[], maxN: number): number {
  let longestReference = 0;
  for (const reference of references) longestReference = Math.max(longestReference, reference.length);
  if (candidate.length === 0 || longestReference === 0) return candidate.length === longestReference ? 1 : 0;
  const order = Math.min(maxN, candidate.length);
  let candidateGrams: readonly string[] = candidate;
  let referenceGrams: readonly (readonly string[])[] = references;
  let logPrecisionSum = 0;
  for (let n = 1; n <= order; n++) {
    if (n > 1) {
      candidateGrams = extendGrams(candidateGrams, candidate, n);
      referenceGrams = referenceGrams.map((grams, k) => extendGrams(grams, references[k]!, n));
    }
    const matched = clippedMatches(candidateGrams, referenceGrams);
    logPrecisionSum += Math.log((matched === 0 ? EPSILON : matched) / candidateGrams.length);
  }
  const referenceLength = closestLength(candidate.length, references);
  const brevityPenalty = candidate.length >= referenceLength ? 1 : Math.exp(1 - referenceLength / candidate.length);
  return Math.min(1, brevityPenalty * Math.exp(logPrecisionSum / order));
}

/**
 * The n-grams of `tokens` from its (n-1)-grams, each joined by a space; tokens never contain
 * whitespace, so two different n-grams cannot give the same string.
 */
function extendGrams(shorter: readonly string[], tokens: readonly string[], n: number): string[] {
  const grams: string[] = [];
  for (let i = 0; i + n <= tokens.length; i++) grams.push(`${shorter[i]!} ${tokens[i + n - 1]!}`);
  return grams;
}

/** Candidate n-grams that occur in a reference, each counted at most as often as in the reference that has it most. */
function clippedMatches(candidate: readonly string[], references: readonly (readonly string[])[]): number {
  const counts = countGrams(candidate);
  const maxReferenceCounts = new Map<string, number>();
  for (const reference of references) {
    const inReference = new Map<string, number>();
    for (const gram of reference) {
      if (counts.has(gram)) inReference.set(gram, (inReference.get(gram) ?? 0) + 1);
    }
    for (const [gram, count] of inReference) {
      if (count > (maxReferenceCounts.get(gram) ?? 0)) maxReferenceCounts.set(gram, count);
    }
  }
  let matched = 0;
  for (const [gram, count] of counts) matched += Math.min(count, maxReferenceCounts.get(gram) ?? 0);
  return matched;
}

function countGrams(grams: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const gram of grams) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  return counts;
}

function closestLength(candidateLength: number, references: readonly (readonly string[])[]): number {
  let best = references[0]!.length;
  for (const { length } of references) {
    const gap = Math.abs(length - candidateLength);
    const bestGap = Math.abs(best - candidateLength);
    if (gap < bestGap || (gap === bestGap && length < best)) best = length;
  }
  return best;
}
