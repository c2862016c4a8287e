/**
 * Scans of JSON text for what may be a number JSON.parse reads otherwise than written (a run of 16 digits, an exponent
 * of three digits), one pass over the characters with no regular expression.
 *
 * Why not /\d{16}|[eE][+-]?\d{3}/: every short run of digits it starts on and gives up (each `\u0000` escape of a NUL,
 * each `\ud83d` of an emoji) counts as backtracking, and once the `regex` metric has set V8's
 * --enable-experimental-regexp-engine-on-excessive-backtracks (linear-fallback.ts; set when a `regex` metric first scores)
 * a test past 50,000 of them is run again on V8's linear engine, which takes microseconds a character: one
 * dataset line of 1,000,000 × "ab\u0000😀" took 29 s to evaluate. These answer as those patterns do (ASCII digits only, as
 * \d without the u flag), in time linear in the text whatever it holds.
 */

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * True when `text` holds `length` ASCII digits in a row (only zeros with `zeros`): /\d{16}/ and /0{16}/ for 16.
 * @internal
 */
export function hasDigitRun(text: string, length: number, zeros = false): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (zeros ? c === 0x30 : isDigit(c)) {
      if (++run >= length) return true;
    } else {
      run = 0;
    }
  }
  return false;
}

/**
 * True when `text` holds an `e` or `E`, a sign and three ASCII digits: with `sign` 'optional' /[eE][+-]?\d{3}/, with
 * 'minus' /[eE]-\d{3}/.
 * @internal
 */
export function hasThreeDigitExponent(text: string, sign: 'optional' | 'minus'): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x65 /* e */ && c !== 0x45 /* E */) continue;
    let k = i + 1;
    const s = text.charCodeAt(k);
    if (s === 0x2d /* - */ || (sign === 'optional' && s === 0x2b) /* + */) k++;
    else if (sign === 'minus') continue;
    if (isDigit(text.charCodeAt(k)) && isDigit(text.charCodeAt(k + 1)) && isDigit(text.charCodeAt(k + 2))) return true;
  }
  return false;
}
