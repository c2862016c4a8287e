import { StatsArgumentError } from './errors';

/**
 * Holm's step-down adjustment of p-values for testing several hypotheses at once: sort ascending, multiply the
 * k-th smallest by (m - k + 1), make the sequence non-decreasing, cap at 1. Rejecting where the adjusted
 * p < alpha keeps the chance of any false rejection (the family-wise error rate) at most alpha whatever the
 * dependence between the tests, and rejects at least what Bonferroni does. Same order as the input; an empty
 * input gives an empty result.
 */
export function holmAdjust(pValues: ArrayLike<number>): number[] {
  const m = pValues.length;
  for (let i = 0; i < m; i++) {
    const p = pValues[i]!;
    if (!(p >= 0 && p <= 1)) throw new StatsArgumentError(`p-values must lie in [0, 1], got ${p} at index ${i}`);
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, k) => {
    running = Math.max(running, Math.min(1, (m - k) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}
