import { ConfigError } from '../errors';
import type { MetricFunction } from '../types';
import { extractNumber } from './extract-number';
import { toText } from './to-text';

/** Options of {@link createNumericClose}. */
export interface NumericCloseOptions {
  /** Largest accepted absolute difference. Default 1e-6. */
  absTolerance?: number;
  /** Largest accepted difference relative to the larger magnitude (as Python's math.isclose). Default 0. */
  relTolerance?: number;
}

/**
 * `numeric_close`: true when the first number in the output is within tolerance of the expected number, as Python's
 * `math.isclose`: an infinity (`1e309` reads as one) is close only to the same infinity, NaN to nothing.
 */
export function createNumericClose(options: NumericCloseOptions = {}): MetricFunction {
  const absTolerance = tolerance('absTolerance', options.absTolerance, 1e-6);
  const relTolerance = tolerance('relTolerance', options.relTolerance, 0);
  return function numeric_close(output, expected) {
    const target = typeof expected === 'string' || typeof expected === 'number' ? extractNumber(expected) : undefined;
    if (target === undefined) {
      throw new TypeError(`numeric_close: the expected value must be a number or a numeric string, got ${describe(expected)}`);
    }
    const actual = extractNumber(typeof output === 'number' ? output : toText(output));
    if (actual === undefined) return false;
    if (actual === target) return true;
    // As math.isclose: an infinity is close only to itself (which `===` caught); without this, the relative bound
    // relTolerance × Infinity accepted an infinite output for any target.
    if (!Number.isFinite(actual) || !Number.isFinite(target)) return false;
    const difference = Math.abs(actual - target);
    return difference <= absTolerance || difference <= relTolerance * Math.max(Math.abs(actual), Math.abs(target));
  };
}

function tolerance(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigError(`numeric_close: ${name} must be a finite number >= 0, got ${value}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return value === null ? 'null' : typeof value;
}
