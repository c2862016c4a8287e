/**
 * Reversible encoding of text that a database cannot hold as it is.
 *
 * PostgreSQL `text` and `jsonb` cannot hold U+0000, and neither database can hold a lone UTF-16 surrogate (a JS
 * string may): the driver turns it into U+FFFD, silently. Each such code unit is stored as ESC followed by its four
 * hex digits, and ESC itself likewise, so decoding is exact. ESC is U+FDD0, a Unicode noncharacter reserved for
 * internal use, so ordinary text (without NUL, lone surrogates or U+FDD0) is stored unchanged and text search over it
 * works as before. Every write path encodes (the DataSource's value hooks, the bulk item insert); every read decodes.
 * @internal
 */

const ESC = '\uFDD0';
const ESC_PATTERN = /\uFDD0([0-9A-F]{4})/g;
/** NUL, the escape character, and surrogates that are not half of a pair. */
const UNSTORABLE = /\u0000|\uFDD0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * The same in JSON text as JSON.stringify writes it: `\u0000` and lone surrogates as escapes (valid pairs stay
 * literal), the escape character literally. The escape must start at an unescaped backslash.
 */
const UNSTORABLE_JSON = /(?<!\\)((?:\\\\)*)\\u(0000|d[89a-f][0-9a-f]{2})|\uFDD0/gi;

const hex4 = (code: number) => code.toString(16).toUpperCase().padStart(4, '0');

/**
 * Any code unit that might need encoding: NUL, U+FDD0 or any surrogate (paired ones too). A single character class
 * scans several times faster than UNSTORABLE's look-arounds, and ordinary text (the every-item case) has none of them.
 */
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF\uFDD0]/;

/** Text as stored: unchanged unless it holds NUL, a lone surrogate or U+FDD0. @internal */
export function encodeText(text: string): string {
  if (!MAYBE_UNSTORABLE.test(text)) return text;
  UNSTORABLE.lastIndex = 0;
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE, (c) => ESC + hex4(c.charCodeAt(0))) : text;
}

/** The text that was given to encodeText. @internal */
export function decodeText(stored: string): string {
  if (!stored.includes(ESC)) return stored;
  return stored.replace(ESC_PATTERN, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** JSON text (as JSON.stringify writes it) with every string in it encoded, still valid JSON. @internal */
export function encodeJsonText(json: string): string {
  if (!json.includes('\\u') && !json.includes(ESC)) return json;
  return json.replace(UNSTORABLE_JSON, (match, backslashes: string | undefined, code: string | undefined) =>
    code === undefined ? ESC + hex4(ESC.charCodeAt(0)) : `${backslashes}${ESC}${code.toUpperCase()}`,
  );
}

/** JSON text read back, with the original strings restored (as JSON escapes); parse it as usual. @internal */
export function decodeJsonText(stored: string): string {
  if (!stored.includes(ESC)) return stored;
  return stored.replace(ESC_PATTERN, (_, hex: string) => (hex === 'FDD0' ? ESC : `\\u${hex.toLowerCase()}`));
}

/** A parsed JSON value read back (PostgreSQL's driver parses jsonb), with every key and string decoded. @internal */
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
