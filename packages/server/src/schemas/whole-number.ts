import { z } from 'zod';

/** A bound as the messages write it: 2,147,483,647. */
export function grouped(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * A whole number of a JSON body from `min` to `max`, every way to miss which says that range. Zod's own integer check
 * says "expected int to be <=9007199254740991" (its safe-integer bound) past 2^53, a limit no column has; `max` is the
 * one the storage behind the field keeps. The JSON Schema is { type: integer, minimum, maximum }.
 */
export function wholeNumber(min: number, max: number, what?: string) {
  const error = `must be a whole number from ${grouped(min)} to ${grouped(max)}${what === undefined ? '' : ` (${what})`}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** A query parameter's value that is a whole number written plainly: decimal digits only. */
const DECIMAL_DIGITS = /^[0-9]+$/;

/**
 * A whole-number query parameter from `min` to `max`: only plain decimal digits are read as a number. z.coerce.number()
 * read the value as JavaScript's Number() does, so `0x10` was 16, `1e3` 1000, ` 5 ` 5 and `0b11` 3; each is refused
 * now, with `error` (the validation error names the parameter). The JSON Schema is that of an integer (a pipe whose
 * input is a transform is documented by its output).
 */
export function wholeNumberParam(min: number, max: number, error: string) {
  return z.preprocess(
    (value) => (typeof value === 'string' && DECIMAL_DIGITS.test(value) ? Number(value) : value),
    z.number({ error }).int({ error }).min(min, { error }).max(max, { error }),
  );
}
