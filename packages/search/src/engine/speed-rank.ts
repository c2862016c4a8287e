/**
 * Where the threshold of a relative speed sits among n average response times in ascending order: "slow" is the
 * value of the ⌈share·n⌉-th slowest run, "fast" of the ⌈share·n⌉-th fastest. Runs at or beyond that value match, so
 * at most ⌈share·n⌉ runs do, more only for exact ties at it, and the fastest run is never slow unless all tie (the
 * old ⌊q·(n−1)⌋ rank made both of two runs "slow"). At least one run counts, whatever the share, as "the slowest 0%"
 * would be an empty answer to "slow runs".
 * @internal
 */
export function speedThresholdIndex(speed: 'slow' | 'fast', share: number, n: number): number {
  // Rounded to 12 digits first: 0.3 · 10 is 3.0000000000000004 in floating point, which must not become 4 runs.
  const product = Number((share * n).toPrecision(12));
  const count = Number.isNaN(product) ? 1 : Math.min(n, Math.max(1, Math.ceil(product)));
  return speed === 'slow' ? n - count : count - 1;
}
