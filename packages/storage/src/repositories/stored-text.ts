/**
 * Reversible encoding of text that a database cannot hold as it is.
 *
 * PostgreSQL `text` and `jsonb` cannot hold U+0000 (`json` can, but not when cast to jsonb, as the input search
 * does), and neither database can hold a lone UTF-16 surrogate (a JS string may): the driver turns it into U+FFFD,
 * silently. Each such code unit is stored as ESC followed by its four
 * hex digits, and ESC itself likewise, so decoding is exact. ESC is U+FDD0, a Unicode noncharacter reserved for
 * internal use, so ordinary text (without NUL, lone surrogates or U+FDD0) is stored unchanged and text search over it
 * works as before. Every write path encodes (the DataSource's value hooks, the bulk item insert); every read decodes.
 * @internal
 */

const ESC = '\uFDD0';

const hex4 = (code: number) => code.toString(16).toUpperCase().padStart(4, '0');

/**
 * Any code unit that might need encoding: NUL, U+FDD0 or any surrogate (paired ones too). A single character class
 * scans fast, and ordinary text (the every-item case) has none of them.
 */
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF\uFDD0]/;

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Text as stored: unchanged unless it holds NUL, a lone surrogate or U+FDD0, each of which becomes ESC and its four
 * hex digits. Written as a loop over the code units, not a replace with a callback: that took about a microsecond an
 * escaped unit (seconds for a value of a million NULs). stored-text.test.ts keeps the pattern as the reference.
 * @internal
 */
export function encodeText(text: string): string {
  if (!MAYBE_UNSTORABLE.test(text)) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0 && c !== 0xfdd0 && (c < 0xd800 || c > 0xdfff)) continue;
    if (isHigh(c) && isLow(text.charCodeAt(i + 1))) {
      // A pair: both halves stay (the low one is not looked at alone).
      i++;
      continue;
    }
    out += text.slice(from, i) + ESC + hex4(c);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The code written as four upper-case hex digits at `at`, or -1. */
function escapedCode(stored: string, at: number): number {
  let code = 0;
  for (let k = at; k < at + 4; k++) {
    const c = stored.charCodeAt(k);
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (digit === -1) return -1;
    code = code * 16 + digit;
  }
  return code;
}

/**
 * `stored` with each ESC and its four hex digits (/\uFDD0([0-9A-F]{4})/g) replaced by `decoded(code)`, left to right
 * as a global replace does. A loop from one ESC to the next, not a replace with a callback: that took about two microseconds an
 * escape (seconds to read back a value of a million NULs). stored-text.test.ts keeps the pattern as the reference.
 */
function replaceEscapes(stored: string, decoded: (code: number) => string): string {
  let at = stored.indexOf(ESC);
  if (at === -1) return stored;
  let out = '';
  let from = 0;
  for (; at !== -1; at = stored.indexOf(ESC, at + 1)) {
    const code = escapedCode(stored, at + 1);
    if (code === -1) continue;
    out += stored.slice(from, at) + decoded(code);
    from = at + 5;
    at += 4;
  }
  return from === 0 ? stored : out + stored.slice(from);
}

/** The text that was given to encodeText. @internal */
export function decodeText(stored: string): string {
  return replaceEscapes(stored, (code) => String.fromCharCode(code));
}

const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);

/**
 * True when the four code units at `at` are a code JSON.stringify escapes and the encoding stores: 0000, or a
 * surrogate's d800 to dfff (either case).
 */
function escapedCodeAt(json: string, at: number): boolean {
  const c = json.charCodeAt(at);
  if (c === 0x30) return json.charCodeAt(at + 1) === 0x30 && json.charCodeAt(at + 2) === 0x30 && json.charCodeAt(at + 3) === 0x30;
  const second = json.charCodeAt(at + 1);
  return (
    (c | 0x20) === 0x64 /* d */ &&
    (second === 0x38 /* 8 */ || second === 0x39 /* 9 */ || ((second | 0x20) >= 0x61 && (second | 0x20) <= 0x66)) &&
    isHex(json.charCodeAt(at + 2)) &&
    isHex(json.charCodeAt(at + 3))
  );
}

/**
 * JSON text (as JSON.stringify writes it) with every string in it encoded, still valid JSON: an escape `\u0000` or
 * `\udXXX` of a surrogate (valid pairs JSON.stringify writes literally) becomes ESC and the code in capitals, and ESC
 * itself ESC FDD0. An escape is one whose backslash is not itself escaped: the last of an odd run of backslashes. A
 * loop over the code units, as encodeText (stored-text.test.ts keeps the former pattern as the reference).
 * @internal
 */
export function encodeJsonText(json: string): string {
  if (!json.includes('\\u') && !json.includes(ESC)) return json;
  let out = '';
  let from = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0xfdd0) {
      out += json.slice(from, i) + ESC + 'FDD0';
      from = i + 1;
      continue;
    }
    if (c !== 0x5c /* \ */) continue;
    let end = i + 1;
    while (json.charCodeAt(end) === 0x5c) end++;
    // As the pattern's case-insensitive flag read it, \U0000 too.
    if ((end - i) % 2 === 1 && (json.charCodeAt(end) | 0x20) === 0x75 /* u */ && escapedCodeAt(json, end + 1)) {
      out += json.slice(from, end - 1) + ESC + json.slice(end + 1, end + 5).toUpperCase();
      from = end + 5;
      i = end + 4;
    } else {
      i = end - 1;
    }
  }
  return from === 0 ? json : out + json.slice(from);
}

/** True when the code units at `at` are an escape `\\uDC00` to `\\uDFFF` (a surrogate pair's low half). */
function escapedLowAt(json: string, at: number): boolean {
  if (json.charCodeAt(at) !== 0x5c || (json.charCodeAt(at + 1) | 0x20) !== 0x75 /* u */ || !escapedCodeAt(json, at + 2)) return false;
  const code = parseInt(json.slice(at + 2, at + 6), 16);
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * JSON text that another tool wrote into a column, with each escape storage never writes in its stored form: a NUL
 * escape `\u0000` and the escape of a lone surrogate become ESC and the code in capitals, as encodeJsonText stores
 * them. Unlike JSON.stringify, such tools (Python's json.dumps among them) may write a valid pair as two escapes: those
 * stay, as does every other character (ESC included: it is taken as storage's own). @internal
 */
export function storedFormOfForeignJson(json: string): string {
  if (!json.includes('\\u') && !json.includes('\\U')) return json;
  let out = '';
  let from = 0;
  for (let i = 0; i < json.length; i++) {
    if (json.charCodeAt(i) !== 0x5c /* \ */) continue;
    let end = i + 1;
    while (json.charCodeAt(end) === 0x5c) end++;
    if ((end - i) % 2 === 1 && (json.charCodeAt(end) | 0x20) === 0x75 /* u */ && escapedCodeAt(json, end + 1)) {
      const code = parseInt(json.slice(end + 1, end + 5), 16);
      if (code >= 0xd800 && code <= 0xdbff && escapedLowAt(json, end + 5)) {
        i = end + 10; // a pair, both halves kept
        continue;
      }
      out += json.slice(from, end - 1) + ESC + json.slice(end + 1, end + 5).toUpperCase();
      from = end + 5;
      i = end + 4;
    } else {
      i = end - 1;
    }
  }
  return from === 0 ? json : out + json.slice(from);
}

/** JSON text read back, with the original strings restored (as JSON escapes); parse it as usual. @internal */
export function decodeJsonText(stored: string): string {
  return replaceEscapes(stored, (code) => (code === 0xfdd0 ? ESC : `\\u${hex4(code).toLowerCase()}`));
}

/** A parsed JSON value read back (PostgreSQL's driver parses json and jsonb), with every key and string decoded. @internal */
export function decodeJsonValue<T>(value: T): T {
  if (typeof value === 'string') return decodeText(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const d = decodeJsonValue(v);
      changed ||= d !== v;
      return d;
    });
    return (changed ? out : value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const entries = Object.entries(value).map(([key, v]) => {
      const k = decodeText(key);
      const d = decodeJsonValue(v);
      changed ||= k !== key || d !== v;
      return [k, d] as const;
    });
    // fromEntries defines own properties, so a "__proto__" key stays a key, as JSON.parse made it.
    return (changed ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}

/** A JSON-able value as stored: JSON text with every string encoded. Undefined stays undefined. @internal */
export function toStoredJson(value: unknown): string | undefined {
  const json = JSON.stringify(value);
  return json === undefined ? undefined : encodeJsonText(json);
}
