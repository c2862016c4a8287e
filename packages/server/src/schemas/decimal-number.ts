import { z } from 'zod';

/** A query parameter's value that is a decimal number written plainly: a sign, digits, a fraction, an exponent. */
const PLAIN_DECIMAL = /^[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/**
 * A decimal query parameter (`-0.5`, `1e-3`), from `min` to `max` when given: only a number written plainly is read
 * as one. z.coerce.number() read the value as JavaScript's Number() does, so an empty `minScore=` was 0, `0x10` 16,
 * ` 5` 5 and `Infinity` Infinity; each is refused now, with `error` (the validation error names the parameter), as is
 * a number too large for a double (`1e400`). The JSON Schema is that of a number (see wholeNumberParam).
 */
export function decimalParam(error: string, range: { min?: number; max?: number } = {}) {
  let number = z.number({ error }).finite({ error });
  if (range.min !== undefined) number = number.min(range.min, { error });
  if (range.max !== undefined) number = number.max(range.max, { error });
  return z.preprocess((value) => (typeof value === 'string' && PLAIN_DECIMAL.test(value) ? Number(value) : value), number);
}
