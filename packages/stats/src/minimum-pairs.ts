import { StatsArgumentError } from './errors';

/**
 * The fewest non-zero paired differences for which an exact two-sided sign-flip test (McNemar's exact test,
 * the exact Wilcoxon signed-rank test, ties or not) can give p < alpha at all: its smallest p-value, every
 * difference on one side, is 2 / 2^k, so k is the least integer with 2^(1 - k) < alpha (6 at alpha = 0.05,
 * 8 at 0.01). With fewer, no outcome is significant, so a verdict needs at least this many.
 */
export function minimumInformativePairs(alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new StatsArgumentError(`alpha must be strictly between 0 and 1 (e.g. 0.05), got ${alpha}`);
  let k = 1;
  while (2 ** (1 - k) >= alpha) k++;
  return k;
}
