import { JsonTextPaths } from './json-text-paths';
import { hasDigitRun, hasThreeDigitExponent } from './number-text-scan';
import { shortestInteger } from './shortest-integer';
import { valuePlace, type ParsedDocument } from './unstorable-value';

/**
 * Numbers of an export that JSON.parse reads as another number, without a word: one too small for a double reads as
 * 0 (`1e-400`, `-1e-400`), an integer with more digits than a double keeps loses the rest (`12345678901234567891` reads
 * as 12345678901234567000). Each is a number still, so storing what was read keeps the field's type; the import says
 * so and goes on, as reading a dataset does for the same numbers (dataset/inexact-numbers.ts). A number out of range
 * (`1e400`, read as Infinity, stored as null) changes its type: that one is refused (unstorable-value.ts).
 */

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** Numbers named one by one in the warning; later ones are only counted. */
const MAX_NAMED = 3;

/** One number read otherwise than written. */
export interface LossyNumber {
  /** The number as written, shortened when long. */
  literal: string;
  readAs: string;
  kind: 'underflow' | 'digits';
  /** `item "q1", field "metadata" (at results.q1.metadata.x)`, with the JSONL line first. */
  place: string;
}

/**
 * Adds to `found` the numbers of one parsed document (a JSON export, or one line of a JSONL one) read otherwise than
 * written. A document without text that may hold one (an exponent of -100 or below, or 16 digits in a row, also a long
 * run of zeros) costs one scan (number-text-scan.ts).
 * @internal
 */
export function collectLossyNumbers(doc: ParsedDocument, found: LossyNumber[]): void {
  if (!hasThreeDigitExponent(doc.text, 'minus') && !hasDigitRun(doc.text, 16)) return;
  for (const { literal, path } of numberLiterals(doc.text)) {
    const kind = lossOf(literal);
    if (!kind) continue;
    const { at } = valuePlace(doc, path);
    const value = Number(literal);
    found.push({
      literal: shownLiteral(literal),
      // -0 is 0 once stored: "reads as 0" either way.
      readAs: value === 0 ? '0' : String(value),
      kind,
      place: `${doc.line !== undefined ? `line ${doc.line}, ` : ''}${at}`,
    });
  }
}

/**
 * How a JSON number as written is lost when read, or undefined when it reads as written (as closely as any double
 * does): shared by imports and dataset files (dataset/inexact-numbers.ts). @internal
 */
export function lossOf(literal: string): LossyNumber['kind'] | undefined {
  const value = Number(literal);
  if (value === 0 && /[1-9]/.test(literal.split(/[eE]/)[0]!)) return 'underflow';
  // Below the smallest normal double fewer digits are kept: 2.5e-324 reads as 5e-324 (what 4.9e-324 reads as too).
  if (value !== 0 && Math.abs(value) < MIN_NORMAL && subnormalDiffers(literal, value)) return 'underflow';
  if (/^-?\d{16,}$/.test(literal) && Number.isFinite(value) && shortestInteger(value) !== BigInt(literal)) return 'digits';
  return undefined;
}

/** The smallest normal double, 2^-1022; below it a double keeps fewer than 15 significant digits. */
const MIN_NORMAL = 2.2250738585072014e-308;
/** Significant digits every decimal keeps when read as a normal double. */
const KEPT_DIGITS = 15;

/**
 * True when a literal read as the subnormal `value` is not the value rounded to the literal's significant digits (to 15
 * at most, as a normal double keeps): `2.5e-324` reads as 5e-324, i.e. 4.9e-324 to two digits; `5e-324` and whatever
 * JSON.stringify writes read back as written.
 */
function subnormalDiffers(literal: string, value: number): boolean {
  const written = significand(literal);
  if (written.digits.length > KEPT_DIGITS) {
    const rounded = (BigInt(written.digits.slice(0, KEPT_DIGITS)) + (written.digits[KEPT_DIGITS]! >= '5' ? 1n : 0n)).toString();
    written.exponent += rounded.length - KEPT_DIGITS;
    written.digits = rounded.slice(0, KEPT_DIGITS).replace(/0+$/, '');
  }
  const read = significand(value.toPrecision(Math.max(1, Math.min(written.digits.length, KEPT_DIGITS))));
  return read.digits !== written.digits || read.exponent !== written.exponent;
}

/** A decimal's significant digits (no leading or trailing zeros) and the power of ten of its first one. */
function significand(text: string): { digits: string; exponent: number } {
  const [mantissa, power = '0'] = text.replace(/^-/, '').split(/[eE]/) as [string, string?];
  const [whole, fraction = ''] = mantissa.split('.') as [string, string?];
  const all = whole + fraction;
  const leading = all.length - all.replace(/^0+/, '').length;
  return { digits: all.slice(leading).replace(/0+$/, ''), exponent: whole.length - leading - 1 + Number(power) };
}

/** A number as written, for a message: shortened when long. @internal */
export function shownLiteral(literal: string): string {
  return literal.length > 40 ? `${literal.slice(0, 16)}…${literal.slice(-8)}` : literal;
}

/** Why a number of each kind is read otherwise than written, as warnings say it. @internal */
export const LOSSY_NUMBER_REASONS: Record<LossyNumber['kind'], string> = {
  underflow: 'too small for a 64-bit float, whose smallest is about 5e-324',
  digits: 'more digits than a 64-bit float keeps',
};

/** The import warning for the numbers found, naming the first few (where each is, as written and as read), or undefined. @internal */
export function lossyNumberWarning(found: readonly LossyNumber[]): string | undefined {
  if (found.length === 0) return undefined;
  const named = found.slice(0, MAX_NAMED).map((n) => `${n.place}: ${n.literal} reads as ${n.readAs} (${LOSSY_NUMBER_REASONS[n.kind]})`);
  const count = found.length === 1 ? '1 number is' : `${found.length} numbers are`;
  return (
    `${count} not stored as written: ${named.join('; ')}${found.length > MAX_NAMED ? '; …' : ''}. The value read is stored; ` +
    'write such a number as a string (e.g. "1e-400") to keep it as written, and import the file again'
  );
}

/** The number literals of a valid JSON text, in text order, with the keys leading to each. @internal */
export function* numberLiterals(text: string): Generator<{ literal: string; path: string[] }> {
  const walk = new JsonTextPaths(text);
  for (let i = walk.next(0); i !== -1; i = walk.next(i + 1)) {
    const c = text.charCodeAt(i);
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const literal = NUMBER.exec(text)![0];
      yield { literal, path: walk.path() };
      i += literal.length - 1;
    }
  }
}
