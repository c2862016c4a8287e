import { normalCdf } from './normal';

/** The result of wilcoxonSignedRank. */
export interface WilcoxonResult {
  /** W+, the sum of the ranks of the positive differences (ties get their average rank). */
  statistic: number;
  /** Non-zero differences, the sample size the test uses. */
  n: number;
  /** Two-sided p-value. */
  pValue: number;
  /** 'exact' (null distribution enumerated) or 'normal' (approximation with tie and continuity corrections). */
  method: 'exact' | 'normal';
}

/** Largest n for which the exact null distribution is used (as SciPy's `method='auto'`). */
const EXACT_MAX_N = 50;

/**
 * Wilcoxon signed-rank test of paired differences against a median of 0, two-sided. Zero differences are
 * dropped (Wilcoxon's original method) and tied |differences| get average ranks. Exact distribution of W+
 * when n <= 50 and there are no ties; otherwise the normal approximation with tie and continuity corrections.
 */
export function wilcoxonSignedRank(diffs: ArrayLike<number>): WilcoxonResult {
  const nonZero: number[] = [];
  for (let i = 0; i < diffs.length; i++) if (diffs[i] !== 0) nonZero.push(diffs[i]!);
  const n = nonZero.length;
  // No non-zero difference: no evidence of a difference at all.
  if (n === 0) return { statistic: 0, n: 0, pValue: 1, method: 'exact' };

  const { ranks, tieTerm } = averageRanks(nonZero.map(Math.abs));
  let statistic = 0;
  for (let i = 0; i < n; i++) if (nonZero[i]! > 0) statistic += ranks[i]!;

  if (n <= EXACT_MAX_N && tieTerm === 0) {
    return { statistic, n, pValue: exactPValue(statistic, n), method: 'exact' };
  }
  const expected = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  const z = Math.max(0, Math.abs(statistic - expected) - 0.5) / Math.sqrt(variance);
  return { statistic, n, pValue: Math.min(1, 2 * normalCdf(-z)), method: 'normal' };
}

/** Average ranks (1-based) of `values`, and sum(t^3 - t) over groups of t tied values (0 when all differ). */
function averageRanks(values: number[]): { ranks: Float64Array; tieTerm: number } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    const rank = (start + 1 + end) / 2; // average of ranks start+1 .. end
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { ranks, tieTerm };
}

/**
 * Two-sided exact p-value of W+ = w for n untied ranks: 2 * min(P(W+ <= w), P(W+ >= w)), capped at 1.
 * Under the null each rank is positive with probability 1/2, so counts[s] = number of subsets of 1..n
 * summing to s (dynamic programming, O(n^3)). Counts stay below 2^50 (n <= 50), so doubles hold them exactly.
 */
function exactPValue(w: number, n: number): number {
  const maxSum = (n * (n + 1)) / 2;
  const counts = new Float64Array(maxSum + 1);
  counts[0] = 1;
  for (let k = 1, top = 0; k <= n; k++) {
    top += k;
    for (let s = top; s >= k; s--) counts[s]! += counts[s - k]!;
  }
  let lower = 0;
  let upper = 0;
  for (let s = 0; s <= maxSum; s++) {
    if (s <= w) lower += counts[s]!;
    if (s >= w) upper += counts[s]!;
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / 2 ** n);
}
