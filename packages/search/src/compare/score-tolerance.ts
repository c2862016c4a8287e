import { nearlyEqual } from '@llm-eval/stats';

/**
 * Scores closer than this, in the metric's own units, are the same score in a comparison (besides the relative 1e-12
 * of nearlyEqual, which ties float noise at any magnitude but cannot tie anything to 0: 5e-324 against 0 was a
 * regression that failed --fail-on-regression, shown as "−0.000"). An absolute floor rather than one relative to the
 * data's spread because a lone 1e-300 against zeros has no spread to be small against. 1e-12 because scores are 0–1
 * rates, seconds, token counts and dollars: the finest of those that means something is a cost per item of about
 * 1e-7 dollars, five orders above it, and every output shows at most a few significant digits; float noise of 0–1
 * scores (0.3 − 0.1 − 0.2 = −2.8e-17) is four orders below. A metric whose real changes are below 1e-12 of its
 * unit would need reporting in a smaller unit.
 */
export const SCORE_ABSOLUTE_TOLERANCE = 1e-12;

/** Whether two scores count as the same in a comparison (equal up to rounding or SCORE_ABSOLUTE_TOLERANCE). @internal */
export function sameScore(x: number, y: number): boolean {
  return nearlyEqual(x, y, SCORE_ABSOLUTE_TOLERANCE);
}
