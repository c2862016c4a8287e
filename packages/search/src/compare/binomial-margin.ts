/**
 * The largest count of simulated comparisons with a verdict that a true rate of `p` exceeds with probability at most
 * `tail`: the smallest k with P(Binomial(reps, p) > k) <= tail, summed exactly from the pmf. For the fixed-seed
 * simulations that pin verdict error rates. @internal
 */
export function binomialUpperBound(reps: number, p: number, tail: number): number {
  let pmf = (1 - p) ** reps;
  let cdf = pmf;
  let k = 0;
  while (1 - cdf > tail) {
    pmf *= ((reps - k) / (k + 1)) * (p / (1 - p));
    cdf += pmf;
    k++;
  }
  return k;
}
