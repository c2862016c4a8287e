/**
 * Python's `math.fsum`: the correctly rounded sum of `values` (Shewchuk's exact partials, then CPython's half-even
 * correction), ported from CPython's `math_fsum` for finite inputs. Large values of both signs cannot drown the small
 * ones (`[1e100, 1, -1e100]` sums to 1, not 0). With `scale` (a power of two, so dividing is exact) it sums each value
 * divided by it: the mean of huge or tiny values stays clear of overflow and underflow. BLEU uses it so that scores
 * equal NLTK's bit for bit; summarize and mean for samples of both signs.
 */
export function fsum(values: ArrayLike<number> | Iterable<number>, scale = 1): number {
  const list: ArrayLike<number> =
    typeof (values as ArrayLike<number>).length === 'number' ? (values as ArrayLike<number>) : Array.from(values as Iterable<number>);
  const partials: number[] = [];
  for (let k = 0; k < list.length; k++) {
    let x = list[k]! / scale;
    let i = 0;
    for (let j = 0; j < partials.length; j++) {
      const y = partials[j]!;
      // Two-sum with the larger magnitude first (no swap: the summand order is picked per branch).
      const hi = x + y;
      const lo = Math.abs(x) < Math.abs(y) ? x - (hi - y) : y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    if (x !== 0) partials.push(x);
  }
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
  // Half-even rounding across several partials.
  if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}
