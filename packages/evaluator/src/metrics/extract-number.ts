/**
 * The first number in a text: optional sign (only when not glued to a preceding letter or digit,
 * so "item-3" is 3 and "5-3" is 5), digits with optional thousands commas ("1,234"), optional
 * decimals, optional exponent. A trailing "%" is ignored ("42%" is 42).
 */
const NUMBER = /(?:(?<![\p{L}\p{N}])[-+])?(?:(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?/u;
const FULLWIDTH_DIGIT = /[\uFF10-\uFF19]/g;
const UNICODE_MINUS = /[\u2212\uFF0D]/g;

/**
 * The first number in `value`: a finite number is itself; text is searched (full-width digits and
 * the Unicode minus sign are read as ASCII); `undefined` when there is none.
 * @internal
 */
export function extractNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'string') return undefined;
  const text = value
    .replace(FULLWIDTH_DIGIT, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xff10 + 0x30))
    .replace(UNICODE_MINUS, '-');
  const match = NUMBER.exec(text);
  return match ? Number(match[0].replaceAll(',', '')) : undefined;
}
