/**
 * Python's `math.fsum`: the correctly rounded sum of `values` (Shewchuk's exact partials, then CPython's half-even
 * correction), ported from CPython's `math_fsum`. Large values of both signs cannot drown the small ones
 * (`[1e100, 1, -1e100]` sums to 1, not 0). With `scale` (a power of two, so dividing is exact) it sums each value
 * divided by it: the mean of huge or tiny values stays clear of overflow and underflow. BLEU uses it so that scores
 * equal NLTK's bit for bit; summarize and mean for samples of both signs.
 *
 * Non-finite values give what math.fsum gives: ±Infinity for infinities of one sign, NaN for a NaN or for infinities
 * of both signs (where math.fsum raises ValueError). Where math.fsum raises OverflowError this returns the correctly
 * rounded sum all the same: finite when the exact sum fits in a double although a partial sum did not
 * (`[1e308, 1e308, -1e308]` sums to 1e308), ±Infinity when it does not (`[1e308, 1e308]`).
 */
export function fsum(values: ArrayLike<number> | Iterable<number>, scale = 1): number {
  const list: ArrayLike<number> =
    typeof (values as ArrayLike<number>).length === 'number' ? (values as ArrayLike<number>) : Array.from(values as Iterable<number>);
  const partials: number[] = [];
  // The partials in use are partials[0 .. count): shrinking the array itself (partials.length = i) for every value
  // was a runtime call that made up half of fsum's time (1.1 ms for 10,000 values).
  let count = 0;
  for (let k = 0; k < list.length; k++) {
    let x = list[k]! / scale;
    let i = 0;
    for (let j = 0; j < count; j++) {
      const y = partials[j]!;
      // Two-sum with the larger magnitude first (no swap: the summand order is picked per branch).
      const hi = x + y;
      const lo = Math.abs(x) < Math.abs(y) ? x - (hi - y) : y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    // x is the running sum: not finite after an infinity, a NaN or an overflow, from which the partials would fill
    // with NaN (one more for every later value). One test per value, so finite sums pay nothing for the rare case.
    if (!Number.isFinite(x)) return nonFiniteSum(list, scale);
    count = i;
    if (x !== 0) partials[count++] = x;
  }
  partials.length = count;
  return roundedPartials(partials);
}

/**
 * The correctly rounded sum of Shewchuk's non-overlapping partials, smallest first (fsum's last step, with CPython's
 * half-even correction across several partials).
 * @internal
 */
export function roundedPartials(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

/** The sum when a running sum was not finite: math.fsum's special values, else the exact sum of finite values. */
function nonFiniteSum(list: ArrayLike<number>, scale: number): number {
  let positive = false;
  let negative = false;
  for (let k = 0; k < list.length; k++) {
    const x = list[k]! / scale;
    if (x === Infinity) positive = true;
    else if (x === -Infinity) negative = true;
    else if (Number.isNaN(x)) return Number.NaN;
  }
  if (positive || negative) return positive && negative ? Number.NaN : positive ? Infinity : -Infinity;
  return bigIntSum(list, scale);
}

/**
 * The correctly rounded sum of finite values whose partial sums overflow. Every double is a whole number of 2^-1074
 * (the smallest subnormal), so the sum is exact as a BigInt count of them; slow, but only overflowing sums get here.
 */
function bigIntSum(list: ArrayLike<number>, scale: number): number {
  let total = 0n;
  for (let k = 0; k < list.length; k++) total += unitsOf(list[k]! / scale);
  const magnitude = total < 0n ? -total : total;
  const value = roundedUnits(magnitude);
  return total < 0n ? -value : value;
}

const view = new DataView(new ArrayBuffer(8));

/** A finite double as a signed whole number of 2^-1074 (the smallest subnormal). @internal */
export function unitsOf(value: number): bigint {
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const units = exponent === 0 ? fraction : (fraction | (1n << 52n)) << BigInt(exponent - 1);
  return bits >> 63n ? -units : units;
}

/**
 * `units` × 2^-1074 as the nearest double, ties to even. Number(bigint) rounds so, but overflows past 2^1024 units:
 * bits beyond the 55 highest are cut first, the lowest kept bit set when any cut bit was, which rounds the same.
 */
function roundedUnits(units: bigint): number {
  const shift = Math.max(0, units.toString(2).length - 55);
  if (shift === 0) return Number(units) * 2 ** -1074;
  const cut = units & ((1n << BigInt(shift)) - 1n);
  const kept = (units >> BigInt(shift)) | (cut === 0n ? 0n : 1n);
  // At least 2^54 units: the result is a normal double, so multiplying by a power of two is exact (or overflows).
  return Number(kept) * 2 ** (shift - 1074);
}
