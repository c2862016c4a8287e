import { CliError } from './errors';

/** The accepted values of a numeric option. */
export interface NumericRange {
  /** Whole numbers only. */
  integer?: boolean;
  /** Smallest accepted value (inclusive). */
  min?: number;
  /** Values must be greater than this (exclusive lower bound). */
  above?: number;
  /** Largest accepted value (inclusive). */
  max?: number;
  /** What the number counts, said in the message: "a whole number of milliseconds from …". */
  unit?: string;
}

/** The longest delay Node's timers accept (2^31 - 1 ms); larger values silently become 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

const format = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 20 });

/** Describes a range in words: "a whole number from 1 to 1_000", "a number greater than 0". */
export function describeRange(range: NumericRange): string {
  const kind = `${range.integer ? 'a whole number' : 'a number'}${range.unit ? ` of ${range.unit}` : ''}`;
  const low = range.above !== undefined ? `greater than ${format(range.above)}` : range.min !== undefined ? `${format(range.min)}` : undefined;
  if (range.above !== undefined) return range.max !== undefined ? `${kind} ${low} and at most ${format(range.max)}` : `${kind} ${low}`;
  if (low !== undefined && range.max !== undefined) return `${kind} from ${low} to ${format(range.max)}`;
  if (low !== undefined) return `${kind} ≥ ${low}`;
  if (range.max !== undefined) return `${kind} ≤ ${format(range.max)}`;
  return kind;
}

/**
 * Parses and checks one numeric option value; throws a usage error (exit 2) naming the option and the accepted
 * range. Takes the raw command-line value: text, a number yargs already parsed, `true` for a flag given without a
 * value, or an array when the flag was repeated.
 */
export function parseNumericOption(flag: string, value: unknown, range: NumericRange): number {
  const expected = `${flag} must be ${describeRange(range)}`;
  if (Array.isArray(value)) throw new CliError(`${expected}; it was given ${value.length} times.`, 2);
  if (value === true || value === undefined || value === null) throw new CliError(`${expected}; it was given without a value.`, 2);
  const text = String(value).trim();
  const n = typeof value === 'number' ? value : text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(n)) {
    if (range.unit === 'milliseconds') refuseOtherUnit(flag, text);
    throw new CliError(`${expected}, got ${JSON.stringify(String(value))}.`, 2);
  }
  const inRange =
    (!range.integer || Number.isInteger(n)) &&
    (range.min === undefined || n >= range.min) &&
    (range.above === undefined || n > range.above) &&
    (range.max === undefined || n <= range.max);
  if (!inRange) throw new CliError(`${expected}, got ${text}.`, 2);
  return n;
}

/** Milliseconds in a unit a duration may be typed with (`1s`, `2min`, `500ms`). */
const UNIT_MS: ReadonlyMap<string, number> = new Map([
  ...['ms', 'msec', 'millisecond', 'milliseconds'].map((u) => [u, 1] as const),
  ...['s', 'sec', 'secs', 'second', 'seconds'].map((u) => [u, 1_000] as const),
  ...['min', 'mins', 'minute', 'minutes'].map((u) => [u, 60_000] as const),
  ...['h', 'hr', 'hrs', 'hour', 'hours'].map((u) => [u, 3_600_000] as const),
]);

/**
 * `--timeout 1s`: a number with a unit, given to an option in milliseconds, is refused saying so ("must be a whole
 * number" alone did not tell what the number counts), with what the value is in milliseconds when its unit is known.
 */
function refuseOtherUnit(flag: string, text: string): void {
  const typed = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text);
  if (!typed) return;
  const ms = Number(typed[1]) * (UNIT_MS.get(typed[2]!.toLowerCase()) ?? Number.NaN);
  const example = Number.isInteger(ms) && ms > 0 && ms <= MAX_TIMER_MS ? `${ms} (for ${text})` : '1000';
  throw new CliError(`${flag} is in milliseconds: give a whole number such as ${example}, got ${JSON.stringify(text)}.`, 2);
}

/**
 * The yargs settings of a validated numeric option: spread into `.option(name, { ...numeric('--name', range), … })`.
 * The option has no yargs `type`, so the coerce function sees what was typed (`--x ''` is not silently 0 and
 * `--x abc` is not NaN), and every command reports a bad number the same way: one line, exit code 2.
 */
export function numeric(flag: string, range: NumericRange): { coerce: (value: unknown) => number; requiresArg: true } {
  return { coerce: (value: unknown) => parseNumericOption(flag, value, range), requiresArg: true };
}
