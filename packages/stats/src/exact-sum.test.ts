import { mean } from './descriptive';
import { ExactSum } from './exact-sum';
import { fsum } from './fsum';
import { createRng } from './seeded-random';

function summed(values: readonly number[]): ExactSum {
  const sum = new ExactSum();
  for (const v of values) sum.add(v);
  return sum;
}

/** The exact mean as a fraction of BigInts of 2^-1074, rounded by Number(): a reference independent of the class. */
function exactMeanReference(values: readonly number[]): number {
  const view = new DataView(new ArrayBuffer(8));
  let units = 0n;
  for (const v of values) {
    view.setFloat64(0, v);
    const bits = view.getBigUint64(0);
    const exponent = Number((bits >> 52n) & 0x7ffn);
    const fraction = bits & 0xfffffffffffffn;
    const u = exponent === 0 ? fraction : (fraction | (1n << 52n)) << BigInt(exponent - 1);
    units += bits >> 63n ? -u : u;
  }
  // mean = units / n × 2^-1074; as a decimal string with plenty of digits, parsed by Number (correctly rounded).
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const digits = 1200n;
  const scaled = (magnitude * 10n ** digits) / (BigInt(values.length) * 2n ** 1074n);
  const text = scaled.toString().padStart(Number(digits) + 1, '0');
  const decimal = `${text.slice(0, -Number(digits))}.${text.slice(-Number(digits))}`;
  return (negative ? -1 : 1) * Number(decimal);
}

describe('ExactSum', () => {
  it('sums as fsum does, value by value, for values of every sign and size', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rng() * 60);
      const values = Array.from({ length: n }, () => (rng() - 0.5) * 10 ** Math.floor(rng() * 40 - 20));
      const sum = summed(values);
      expect(sum.value()).toBe(fsum(values));
      expect(sum.mean()).toBe(mean(values));
      expect(sum.length).toBe(n);
    }
  });

  it('gives the exact mean where a running sum does not', () => {
    // Forty response times of 0.1 s: a running sum's mean is 0.10000000000000005.
    expect(summed(Array<number>(40).fill(0.1)).mean()).toBe(0.1);
    expect(summed([1e100, 1, -1e100]).value()).toBe(1);
    expect(summed([1, 1e-16, 1e-16]).value()).toBe(1.0000000000000002);
  });

  it('stays exact past an overflow of the running sum, as fsum does', () => {
    const values = [1e308, 1e308, -1e308, 3, 1e-300];
    expect(summed(values).value()).toBe(fsum(values));
    expect(summed(values).value()).toBe(1e308);
    expect(summed([1e308, 1e308]).value()).toBe(Infinity);
    expect(summed([-1e308, -1e308]).value()).toBe(-Infinity);
    // The mean of values near the largest double is finite and exact.
    const huge = [1.7976931348623157e308, 1.7976931348623157e308, 1.7976931348623157e308, 1e308];
    expect(summed(huge).mean()).toBe(exactMeanReference(huge));
    expect(summed(huge).mean()).toBe(mean(huge));
  });

  it('rounds the mean past an overflow once, to the nearest double (checked against BigInt arithmetic)', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(rng() * 20);
      const values = [1.7e308, 1.7e308, ...Array.from({ length: n }, () => (rng() - 0.3) * 10 ** Math.floor(rng() * 616 - 308))];
      const sum = summed(values);
      expect(sum.mean()).toBe(exactMeanReference(values));
    }
  });

  it('keeps the mean within the values, down to subnormal ones', () => {
    expect(summed([5e-324, 5e-324, 5e-324]).mean()).toBe(5e-324);
    expect(summed([5e-324, 1e-323]).value()).toBe(1.5e-323);
    expect(summed([2, 2, 2]).mean()).toBe(2);
  });

  it('gives fsum’s special values for infinities and NaN, and NaN as the mean of nothing', () => {
    expect(summed([Infinity, 1]).value()).toBe(Infinity);
    expect(summed([1, -Infinity]).mean()).toBe(-Infinity);
    expect(summed([Infinity, -Infinity]).value()).toBeNaN();
    expect(summed([NaN, 1]).value()).toBeNaN();
    expect(new ExactSum().value()).toBe(0);
    expect(new ExactSum().mean()).toBeNaN();
  });

  it('keeps a bounded number of partials however many values it adds', () => {
    // Non-overlapping doubles between 2^-1074 and 2^1024: in practice a few dozen, never more than 2,098.
    const sum = new ExactSum();
    const rng = createRng(3);
    for (let i = 0; i < 20_000; i++) sum.add((rng() - 0.5) * 10 ** Math.floor(rng() * 600 - 300));
    expect((sum as unknown as { size: number }).size).toBeLessThan(200);
  });

  it('sums as fsum does when read between the values it adds', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 100; trial++) {
      const values = Array.from({ length: 1 + Math.floor(rng() * 40) }, () => (rng() - 0.5) * 2 ** Math.round((rng() - 0.5) * 200));
      const sum = new ExactSum();
      values.forEach((value, k) => {
        sum.add(value);
        expect(sum.value()).toBe(fsum(values.slice(0, k + 1)));
      });
      expect(sum.mean()).toBe(mean(values));
    }
  });
});
