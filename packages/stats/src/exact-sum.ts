import { roundedPartials, unitsOf } from './fsum';

/**
 * A sum kept exact as values arrive, in constant memory: the mean of a million streamed values without keeping them.
 * While the running sum stays finite it is Shewchuk's non-overlapping partials (as fsum: a few dozen doubles at most,
 * whatever the count); once it overflows, the exact sum in BigInt units of 2^-1074 (every double is a whole number of
 * them), which is slower but only values near ±1.8e308 get there.
 *
 * `value()` is fsum of every value added, `mean()` their mean as `mean()` of them gives it (the correctly rounded sum
 * over the count; past an overflow, the correctly rounded exact mean). Non-finite values give what fsum gives.
 */
export class ExactSum {
  /**
   * Shewchuk's partials, in partials[0 .. size): shrinking the array for every value (partials.length = i) was a
   * runtime call that made up most of add's time (1.8 ms for 10,000 values).
   */
  private partials: number[] = [];
  private size = 0;
  /** The exact sum once the running sum overflowed, in units of 2^-1074. */
  private units: bigint | undefined;
  private count = 0;
  private positiveInfinity = false;
  private negativeInfinity = false;
  private nan = false;
  private lowest = Infinity;
  private highest = -Infinity;

  /** How many values were added. */
  get length(): number {
    return this.count;
  }

  add(value: number): void {
    this.count++;
    if (!Number.isFinite(value)) {
      if (value === Infinity) this.positiveInfinity = true;
      else if (value === -Infinity) this.negativeInfinity = true;
      else this.nan = true;
      return;
    }
    if (value < this.lowest) this.lowest = value;
    if (value > this.highest) this.highest = value;
    if (this.units !== undefined) {
      this.units += unitsOf(value);
      return;
    }
    // The partials are updated in place, which an overflow part-way would leave neither old nor new: near the
    // largest double (the partials only hold finite sums, the largest last) they are updated on a copy.
    const size = this.size;
    const last = size ? this.partials[size - 1]! : 0;
    const nearOverflow = Math.abs(value) >= 2 ** 1021 || Math.abs(last) >= 2 ** 1021;
    const partials = nearOverflow ? this.partials.slice(0, size) : this.partials;
    let x = value;
    let i = 0;
    for (let j = 0; j < size; j++) {
      const y = partials[j]!;
      const hi = x + y;
      const lo = Math.abs(x) < Math.abs(y) ? x - (hi - y) : y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    if (!Number.isFinite(x)) {
      // The partials before this value (untouched: near an overflow they were copied) are exact and finite: their
      // units, and this value's, are the sum so far.
      let units = unitsOf(value);
      for (let k = 0; k < size; k++) units += unitsOf(this.partials[k]!);
      this.units = units;
      this.partials = [];
      this.size = 0;
      return;
    }
    if (x !== 0) partials[i++] = x;
    this.partials = partials;
    this.size = i;
  }

  /** The partials in use (the array cut to them). */
  private partialsInUse(): number[] {
    this.partials.length = this.size;
    return this.partials;
  }

  /** fsum of every value added: the correctly rounded sum (0 for none). */
  value(): number {
    const special = this.special();
    if (special !== undefined) return special;
    if (this.units !== undefined) return signed(this.units, (magnitude) => nearestDouble(magnitude, -1074));
    return roundedPartials(this.partialsInUse());
  }

  /** The mean of every value added, as mean() of them (NaN for none), within their range. */
  mean(): number {
    if (this.count === 0) return Number.NaN;
    const special = this.special();
    if (special !== undefined) return special;
    let mean: number;
    if (this.units === undefined) {
      mean = roundedPartials(this.partialsInUse()) / this.count;
    } else {
      // The exact quotient, rounded once: 128 more bits than the units, the remainder kept as a sticky bit below the
      // rounding position (it is at least two bits above it).
      const count = BigInt(this.count);
      mean = signed(this.units, (magnitude) => {
        const scaled = magnitude << 128n;
        const quotient = scaled / count;
        return nearestDouble(quotient * count === scaled ? quotient : quotient | 1n, -1074 - 128);
      });
    }
    return Math.min(this.highest, Math.max(this.lowest, mean));
  }

  private special(): number | undefined {
    if (this.nan || (this.positiveInfinity && this.negativeInfinity)) return Number.NaN;
    if (this.positiveInfinity) return Infinity;
    if (this.negativeInfinity) return -Infinity;
    return undefined;
  }
}

function signed(units: bigint, round: (magnitude: bigint) => number): number {
  return units < 0n ? -round(-units) : round(units);
}

/**
 * The double nearest to `magnitude` × 2^`exponent` (ties to even, Infinity past the largest double), rounding at 53
 * significant bits or at 2^-1074 for subnormal results, whichever is coarser.
 */
function nearestDouble(magnitude: bigint, exponent: number): number {
  if (magnitude === 0n) return 0;
  let m = magnitude;
  let e = exponent;
  const drop = Math.max(m.toString(2).length - 53, -1074 - e);
  if (drop > 0) {
    const cut = BigInt(drop);
    const rest = m & ((1n << cut) - 1n);
    const half = 1n << (cut - 1n);
    m >>= cut;
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
    e += drop;
  }
  // m ≤ 2^53 and e ≥ -1074: m is exact as a double and m × 2^e is representable, or overflows to Infinity.
  if (e > 1023) return Infinity;
  return e < -1022 ? Number(m) * 2 ** -1022 * 2 ** (e + 1022) : Number(m) * 2 ** e;
}
