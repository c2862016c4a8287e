import { QuerySyntaxError } from '../errors';
import type { ParsedComparison } from './comparison';
import type { RuleContext } from './rule';

/** A number as written in a query: `80%`, `80 percent`, `0.8`, `2s`, `500ms`, `1.5 seconds`, `an hour`, `5 dollars`. */
export interface Quantity {
  /** The number; for durations already converted to seconds, for money to dollars. */
  readonly value: number;
  readonly unit: 'none' | 'percent' | 'seconds' | 'money';
  /** Index of the first token after the quantity. */
  readonly end: number;
}

/** What kind of value a condition needs. */
export type ValueKind = 'fraction' | 'metric' | 'seconds' | 'count' | 'cost';

// A currency sign is allowed in front ("cost above $1"): amounts are compared as written.
// Exponent notation ("1e-7", "2.5E6") is read too: both databases compare the double it gives alike.
const NUMBER_RE = /^[$€£]?([+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?)([a-z%]*)$/i;
const PERCENT_UNITS = new Set(['%', 'percent', 'pct', 'percentage']);
const SECONDS_PER_UNIT: ReadonlyMap<string, number> = new Map([
  ...unit(0.001, ['ms', 'msec', 'msecs', 'millisecond', 'milliseconds']),
  ...unit(1, ['s', 'sec', 'secs', 'second', 'seconds']),
  ...unit(60, ['m', 'min', 'mins', 'minute', 'minutes']),
  ...unit(3600, ['h', 'hr', 'hrs', 'hour', 'hours']),
]);
/** Currency words after an amount ("5 dollars", "5 usd", "50 cents"), as dollars each; costs are stored in dollars. */
const DOLLARS_PER_UNIT: ReadonlyMap<string, number> = new Map([
  ...unit(1, ['$', 'dollar', 'dollars', 'usd', 'bucks']),
  ...unit(0.01, ['cent', 'cents']),
]);
const ONE_WORDS = new Set(['a', 'an', 'one']);
/** A duration in one word with several units: "1h30m", "2m30s", "1h5m10s". */
const COMPOUND_RE = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/i;

function unit(factor: number, names: readonly string[]): [string, number][] {
  return names.map((n) => [n, factor]);
}

/** Reads a quantity at token `i`; null when there is no number there. */
export function parseQuantity(ctx: RuleContext, i: number): Quantity | null {
  const first = singleQuantity(ctx, i);
  if (!first || first.unit !== 'seconds') return first;
  // "1 hour 30 minutes", "1h 30m", "2m 30s": a smaller duration right after a larger one adds to it.
  const rest = parseQuantity(ctx, first.end);
  return rest?.unit === 'seconds' && rest.value < first.factor ? { value: round(first.value + rest.value), unit: 'seconds', end: rest.end } : first;
}

/** One number with its unit; `factor` is the seconds in one of its unit (1 when it has none). */
function singleQuantity(ctx: RuleContext, i: number): (Quantity & { factor: number }) | null {
  const token = ctx.tokens[i];
  if (!token) return null;
  const next = ctx.tokens[i + 1];
  if (token.kind === 'word' && ONE_WORDS.has(token.lower)) {
    const factor = next?.kind === 'word' ? SECONDS_PER_UNIT.get(next.lower) : undefined;
    return factor !== undefined && next!.lower.length > 1 ? { value: factor, unit: 'seconds', end: i + 2, factor } : null;
  }
  if (token.kind !== 'word') return null;
  const compound = COMPOUND_RE.exec(token.text);
  if (compound && compound.slice(1).filter(Boolean).length > 1) {
    const [, h = '0', m = '0', s = '0'] = compound;
    const factor = compound[1] ? 3600 : 60;
    return { value: round(Number(h) * 3600 + Number(m) * 60 + Number(s)), unit: 'seconds', end: i + 1, factor };
  }
  const match = NUMBER_RE.exec(token.text);
  if (!match) return null;
  const number = Number(match[1]);
  if (!Number.isFinite(number)) return null;
  const suffix = match[2]!.toLowerCase();
  if (suffix !== '') return withUnit(number, suffix, i + 1);
  const nextUnit = next && (next.kind === 'word' || next.kind === 'punct') ? next.lower : undefined;
  if (nextUnit !== undefined && (PERCENT_UNITS.has(nextUnit) || SECONDS_PER_UNIT.has(nextUnit) || DOLLARS_PER_UNIT.has(nextUnit))) {
    return withUnit(number, nextUnit, i + 2);
  }
  return { value: number, unit: 'none', end: i + 1, factor: 1 };
}

/** Thousands and billions of a count: "10k tokens", "over 2b tokens" ("1m" is a minute, or a million as a count). */
const COUNT_SUFFIXES: ReadonlyMap<string, number> = new Map([['k', 1e3], ['b', 1e9], ['bn', 1e9]]);

function withUnit(number: number, suffix: string, end: number): (Quantity & { factor: number }) | null {
  if (PERCENT_UNITS.has(suffix)) return { value: number, unit: 'percent', end, factor: 1 };
  const times = COUNT_SUFFIXES.get(suffix);
  if (times !== undefined) return { value: round(number * times), unit: 'none', end, factor: 1 };
  const dollars = DOLLARS_PER_UNIT.get(suffix);
  if (dollars !== undefined) return { value: round(number * dollars), unit: 'money', end, factor: 1 };
  const factor = SECONDS_PER_UNIT.get(suffix);
  return factor === undefined ? null : { value: round(number * factor), unit: 'seconds', end, factor };
}

/** Removes floating-point noise (0.1 * 3) so values and explanations are stable. */
export function round(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * Reads the value after an operator and converts it for the condition: a fraction (percent / 100,
 * and a bare number above 1 read as a percentage), a metric value (percent / 100), seconds (a bare
 * number is seconds) or a count. Returns null when no number follows a weak operator ("is");
 * throws QuerySyntaxError when a real operator has no usable value.
 */
export function readValue(
  ctx: RuleContext,
  comparison: ParsedComparison,
  kind: ValueKind,
  warnings: string[],
): Quantity | null {
  const quantity = parseQuantity(ctx, comparison.end);
  const token = ctx.tokens[comparison.end];
  if (!quantity) {
    if (comparison.weak) return null;
    if (!token) throw new QuerySyntaxError(`"${comparison.written}" needs a value after it`, ctx.text, comparison.position);
    const numeral = token.kind === 'word' ? NUMBER_RE.exec(token.text)?.[1] : undefined;
    if (numeral !== undefined && !Number.isFinite(Number(numeral))) {
      throw new QuerySyntaxError(`"${token.text}" is too large for a number`, ctx.text, token.start);
    }
    throw new QuerySyntaxError(`expected a number after "${comparison.written}", found "${token.text}"`, ctx.text, token.start);
  }
  const position = token!.start;
  refuseSeparators(ctx, comparison.end);
  const numeral = NUMBER_RE.exec(token!.text)?.[1];
  if (numeral !== undefined && !heldExactly(numeral)) {
    warnings.push(`${numeral} has more digits than a number can hold exactly; using ${Number(numeral)}`);
  }
  const written = ctx.text.slice(position, ctx.tokens[quantity.end - 1]!.end);
  switch (kind) {
    case 'fraction':
      if (quantity.unit === 'seconds' || quantity.unit === 'money') throw new QuerySyntaxError(`expected a percentage, found "${written}"`, ctx.text, position);
      if (quantity.unit === 'percent') return { ...quantity, value: round(quantity.value / 100) };
      if (quantity.value > 1) {
        warnings.push(`read ${written} as ${written}%`);
        return { ...quantity, value: round(quantity.value / 100) };
      }
      return quantity;
    case 'metric':
      if (quantity.unit === 'seconds' || quantity.unit === 'money') throw new QuerySyntaxError(`expected a number or a percentage, found "${written}"`, ctx.text, position);
      return quantity.unit === 'percent' ? { ...quantity, value: round(quantity.value / 100) } : quantity;
    case 'seconds':
      if (quantity.unit === 'percent' || quantity.unit === 'money') {
        throw new QuerySyntaxError(`expected a duration such as 2s, found "${written}"`, ctx.text, position);
      }
      if (quantity.unit === 'none') warnings.push(`read ${written} as ${written} seconds`);
      return quantity;
    case 'count':
    case 'cost': {
      // "tokens over 1M": a count in minutes means nothing, so an "m" after the number is a million.
      const millions = /^[$€£]?(\d+(?:\.\d+)?)m$/i.exec(written);
      if (millions) return { ...quantity, value: round(Number(millions[1]) * 1e6), unit: 'none' };
      // A cost may name its currency ("5 dollars", "50 cents"); a count may not.
      if (kind === 'cost' && quantity.unit === 'money') return { ...quantity, unit: 'none' };
      if (quantity.unit !== 'none') throw new QuerySyntaxError(`expected a plain number, found "${written}"`, ctx.text, position);
      return quantity;
    }
  }
}

/** The significant digits of a numeral ("0.050" → "5", "1.2e3" → "12"). */
function significantDigits(numeral: string): string {
  const mantissa = numeral.replace(/^[+-]/, '').split(/e/i)[0]!;
  return mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
}

/** True when the number read from `numeral` is the one written (a double holds 15 to 17 significant digits). */
function heldExactly(numeral: string): boolean {
  return significantDigits(numeral) === significantDigits(String(Math.abs(Number(numeral))));
}

/**
 * Refuses a number written with a decimal comma or thousands separators ("0,5", "1,000"): the comma splits it into two
 * words, and "> 0,5" was read as "> 0" and the text "5". Only digits joined by commas with no space count; "0.5, 0.7"
 * is a list.
 */
function refuseSeparators(ctx: RuleContext, i: number): void {
  const groups: string[] = [];
  let j = i;
  let token = ctx.tokens[j];
  if (token?.kind !== 'word' || !/^\d+$/.test(token.text)) return;
  groups.push(token.text);
  for (;;) {
    const comma = ctx.tokens[j + 1];
    const digits = ctx.tokens[j + 2];
    if (comma?.text !== ',' || comma.start !== token.end || digits?.kind !== 'word' || !/^\d+$/.test(digits.text) || digits.start !== comma.end) break;
    groups.push(digits.text);
    token = digits;
    j += 2;
  }
  if (groups.length < 2) return;
  const written = groups.join(',');
  const thousands = groups[0]!.length <= 3 && groups.slice(1).every((g) => g.length === 3);
  const decimal = groups.length === 2 ? `${groups[0]}.${groups[1]}` : undefined;
  const advice =
    thousands && decimal
      ? `write ${groups.join('')} (no thousands separator), or ${decimal} with a decimal point`
      : thousands
        ? `write ${groups.join('')} (no thousands separator)`
        : decimal
          ? `write it with a decimal point, ${decimal}`
          : 'write numbers without commas';
  throw new QuerySyntaxError(`"${written}" is not a number: ${advice}`, ctx.text, ctx.tokens[i]!.start);
}
