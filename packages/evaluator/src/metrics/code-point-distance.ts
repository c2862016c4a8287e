import { distance } from 'fastest-levenshtein';

/** A UTF-16 surrogate: the string has astral characters (emoji, rare CJK) or lone surrogates. */
const SURROGATE = /[\uD800-\uDFFF]/;
const PRIVATE_USE_START = 0xe000;

/**
 * Levenshtein distance and the longer length of `a` and `b`, both counted in Unicode code points,
 * so that an emoji is one character, not two UTF-16 units.
 *
 * fastest-levenshtein counts UTF-16 units, so when either string has astral characters each of
 * them is first replaced by one BMP character that occurs in neither string, taken from the
 * private-use area U+E000… onwards (then the rest of the BMP). If the BMP runs out, which needs
 * tens of thousands of distinct characters, a plain dynamic programme over code points is used.
 * @internal
 */
export function codePointDistance(a: string, b: string): { distance: number; length: number } {
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) {
    return { distance: distance(a, b), length: Math.max(a.length, b.length) };
  }
  const mapped = mapToBmp(a, b);
  if (mapped) return { distance: distance(mapped[0], mapped[1]), length: Math.max(mapped[0].length, mapped[1].length) };
  const aPoints = Array.from(a, (c) => c.codePointAt(0)!);
  const bPoints = Array.from(b, (c) => c.codePointAt(0)!);
  return { distance: dpDistance(aPoints, bPoints), length: Math.max(aPoints.length, bPoints.length) };
}

/** Both strings with each astral code point or lone surrogate replaced by an unused BMP character. */
function mapToBmp(a: string, b: string): [string, string] | undefined {
  const used = new Set<number>();
  for (const text of [a, b]) for (let i = 0; i < text.length; i++) used.add(text.charCodeAt(i));
  const replacement = new Map<string, string>();
  // Candidates in order: U+E000…U+FFFF, then U+0000…U+DFFF; skipped when used or a surrogate.
  let offset = 0;
  const unused = (): string | undefined => {
    for (; offset <= 0xffff; offset++) {
      const unit = (PRIVATE_USE_START + offset) & 0xffff;
      if (!used.has(unit) && !isSurrogate(unit)) {
        offset++;
        return String.fromCharCode(unit);
      }
    }
    return undefined;
  };
  const map = (text: string): string | undefined => {
    let out = '';
    for (const char of text) {
      if (char.length === 1 && !isSurrogate(char.charCodeAt(0))) {
        out += char;
        continue;
      }
      let sub = replacement.get(char);
      if (sub === undefined) {
        sub = unused();
        if (sub === undefined) return undefined;
        replacement.set(char, sub);
      }
      out += sub;
    }
    return out;
  };
  const mappedA = map(a);
  const mappedB = mappedA === undefined ? undefined : map(b);
  return mappedA === undefined || mappedB === undefined ? undefined : [mappedA, mappedB];
}

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

function dpDistance(a: readonly number[], b: readonly number[]): number {
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitute = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitute, previous[j]! + 1, current[j - 1]! + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}
