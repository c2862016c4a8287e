/**
 * The integer the shortest text of `value` writes (what JSON.stringify writes: 12345678901234567000), not the double's
 * exact value (12345678901234567168): a number an export wrote reads back as written.
 * @internal
 */
export function shortestInteger(value: number): bigint {
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e') as [string, string];
  const [whole, fraction = ''] = mantissa.split('.') as [string, string?];
  const digits = BigInt(whole + fraction) * 10n ** BigInt(Math.max(0, Number(exponent) - fraction.length));
  return value < 0 ? -digits : digits;
}
