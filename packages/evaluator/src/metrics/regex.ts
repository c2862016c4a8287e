import { ConfigError } from '../errors';
import type { MetricFunction } from '../types';
import { enableLinearRegExpFallback } from './linear-fallback';
import { toText } from './to-text';

/** Options of {@link createRegex}. */
export interface RegexOptions {
  /** The pattern for every item; without it each item's `expected` is the pattern. */
  pattern?: string | RegExp;
  /** RegExp flags, e.g. 'i' or 'iu'; replace a RegExp pattern's own flags when given. */
  flags?: string;
}

/** `regex`: true when the output matches `options.pattern`, or else the item's expected pattern. */
export function createRegex(options: RegexOptions = {}): MetricFunction {
  let fixed: RegExp | undefined;
  if (options.pattern !== undefined) {
    try {
      fixed = compile(options.pattern, options.flags);
    } catch (error) {
      throw new ConfigError((error as Error).message, { cause: error });
    }
  }
  return function regex(output, expected) {
    // Only once a regex metric runs: the flag is process-wide, and a program that imports the evaluator (whose
    // built-in metrics include a `regex`) but never matches with it keeps V8's regular expressions as they were.
    enableLinearRegExpFallback();
    const pattern = fixed ?? compile(patternFrom(expected), options.flags);
    // A global or sticky RegExp remembers where it stopped; every item must start from 0.
    pattern.lastIndex = 0;
    return pattern.test(toText(output));
  };
}

function patternFrom(expected: unknown): string | RegExp {
  if (typeof expected === 'string' || expected instanceof RegExp) return expected;
  const got = expected === null ? 'null' : typeof expected;
  throw new TypeError(`regex: no pattern; pass createRegex({ pattern }) or give the item a string or RegExp expected value (got ${got})`);
}

function compile(pattern: string | RegExp, flags: string | undefined): RegExp {
  if (pattern instanceof RegExp) return flags === undefined ? pattern : new RegExp(pattern.source, flags);
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    const withFlags = flags ? ` with flags "${flags}"` : '';
    throw new SyntaxError(`regex: invalid pattern ${JSON.stringify(pattern)}${withFlags}: ${(error as Error).message}`, { cause: error });
  }
}
