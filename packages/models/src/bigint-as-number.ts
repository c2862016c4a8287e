import type { ValueTransformer } from 'typeorm';

/**
 * A `bigint` column read as a JavaScript number. The pg driver hands int8 over as a string (it may pass 2^53); the
 * totals kept in such columns stay far below that, so a number is exact and is what every reader expects.
 */
export const BIGINT_AS_NUMBER: ValueTransformer = {
  to: (value: unknown) => value,
  from: (value: unknown) => (typeof value === 'string' ? Number(value) : value),
};
