import { createRng } from '@llm-eval/stats';
import { decodeJsonText, decodeJsonValue, decodeText, encodeJsonText, encodeText } from './stored-text';

// Code units that stress the encoding: NUL, the escape character, both surrogate halves, a backslash, hex digits.
const ALPHABET = ['\u0000', '\uFDD0', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\\', 'u', '0', 'D', 'F', 'a', ' ', '"', 'é', '😀'];

function randomText(next: () => number): string {
  const length = Math.floor(next() * 12);
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return text;
}

/** What a database can hold without the encoding: no NUL, no lone surrogate. */
const storable = (text: string) => !/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

describe('stored text encoding', () => {
  it('leaves ordinary text unchanged', () => {
    for (const text of ['', 'Paris', 'naïve 😀 text', 'back\\slash \\u0000 as text', 'tab\tand\nnewline']) {
      expect(encodeText(text)).toBe(text);
      expect(encodeJsonText(JSON.stringify({ text }))).toBe(JSON.stringify({ text }));
    }
  });

  it('encodes exactly as the look-around pattern alone did (the character-class pre-check only skips work)', () => {
    // The encoding before the pre-check, kept here as the reference.
    const unstorable = /\u0000|\uFDD0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
    const reference = (text: string) =>
      text.replace(unstorable, (c) => '\uFDD0' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));
    const next = createRng(11);
    const texts = ['', 'plain', '😀 pair only', '\uD83D', '\uDE00x', 'a\u0000b', '\uFDD0', 'x'.repeat(100_000) + '\uD800'];
    for (let i = 0; i < 5_000; i++) texts.push(randomText(next));
    const wrong = texts.filter((text) => encodeText(text) !== reference(text));
    expect(wrong).toEqual([]);
  });

  it('round-trips 5,000 random strings exactly, and what it stores is storable', () => {
    const next = createRng(20261202);
    const wrong: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      const text = randomText(next);
      const stored = encodeText(text);
      if (!storable(stored) || decodeText(stored) !== text) wrong.push(text);
    }
    expect(wrong).toEqual([]);
  });

  it('round-trips random JSON documents through JSON text (SQLite) and parsed values (PostgreSQL)', () => {
    const next = createRng(7);
    const wrong: unknown[] = [];
    for (let i = 0; i < 2_000; i++) {
      const value = { [randomText(next)]: [randomText(next), { [randomText(next)]: randomText(next) }], n: i, ok: true, none: null };
      const expected = JSON.stringify(value);
      const stored = encodeJsonText(expected);
      const ok =
        storable(stored) &&
        !/(?<!\\)(\\\\)*\\u0000/.test(stored) &&
        JSON.stringify(JSON.parse(decodeJsonText(stored))) === expected &&
        JSON.stringify(decodeJsonValue(JSON.parse(stored))) === expected;
      if (!ok) wrong.push(value);
    }
    expect(wrong).toEqual([]);
  });

  // The regular-expression encodings, kept as the reference: the stored bytes must stay theirs. Their replace called
  // back once per escaped code unit, seconds for a value of a million NULs or lone surrogates.
  const REFERENCE_UNSTORABLE = /\u0000|\uFDD0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
  const REFERENCE_UNSTORABLE_JSON = /(?<!\\)((?:\\\\)*)\\u(0000|d[89a-f][0-9a-f]{2})|\uFDD0/gi;
  const hex4 = (code: number) => code.toString(16).toUpperCase().padStart(4, '0');
  const referenceText = (text: string) => text.replace(REFERENCE_UNSTORABLE, (c) => '\uFDD0' + hex4(c.charCodeAt(0)));
  // As before, text without a lower-case `\u` or an escape character was left as it is (even a `\U0000` in it).
  const referenceJson = (json: string) =>
    !json.includes('\\u') && !json.includes('\uFDD0')
      ? json
      : json.replace(REFERENCE_UNSTORABLE_JSON, (_match, backslashes: string | undefined, code: string | undefined) =>
      code === undefined ? '\uFDD0FDD0' : `${backslashes}\uFDD0${code.toUpperCase()}`,
    );
  /** Large values as a task returns them, and as a cut at a size limit leaves them (half a pair at either end). */
  const HUGE = [
    'ab\u0000😀'.repeat(250_000),
    'abcd\u0000'.repeat(250_000),
    '\uD83D'.repeat(100_000) + '\uDE00'.repeat(100_000),
    '\uFDD0\uFFFD'.repeat(100_000),
    `${'x'.repeat(300_000)}\uD83D`,
    `\uDE00${'😀'.repeat(150_000)}\uD83D`,
    '\\u0000\\\\u0000\\\\\\ud83d'.repeat(50_000),
  ];

  it('encodes text exactly as the reference on megabytes of NULs, lone and paired surrogates and escape characters', () => {
    for (const text of HUGE) expect(encodeText(text) === referenceText(text)).toBe(true);
    expect(encodeText('a\u0000\uD83D😀\uDE00\uFDD0\uFFFD\uDBFF\uDC00\uDFFF\uD800')).toBe(
      'a\uFDD00000\uFDD0D83D😀\uFDD0DE00\uFDD0FDD0\uFFFD\uDBFF\uDC00\uFDD0DFFF\uFDD0D800',
    );
  });

  it('encodes JSON text exactly as the reference, on JSON as JSON.stringify writes it and on any other text', () => {
    const next = createRng(4242);
    // Backslash runs, both cases of u and of the hex digits, and the code units JSON.stringify escapes.
    const pieces = ['\\', '\\', 'u', 'U', '0', '0000', 'd', 'D', '8', 'b', 'E', 'f', 'F', '3', 'x', '"', '\uFDD0', '\u0000', '\uD83D', '\uDE00', '😀', '\uFFFD'];
    const texts: string[] = ['', '\\u0000', '\\\\u0000', '\\\\\\u0000', '\\U0000', '\\U0000\\u0000', '\\U0000\uFDD0', '\\ud83d\\uDE00', '\\uD7FF', '\\uE000', '\\u000', '\\u00000', '\\ud\u0018ff', '\\uD\u0019FF', '\\uDG00\\u0000'];
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let n = Math.floor(next() * 16); n > 0; n--) text += pieces[Math.floor(next() * pieces.length)];
      texts.push(text, JSON.stringify(text), JSON.stringify({ [text]: [text] }));
    }
    for (const text of HUGE) texts.push(JSON.stringify(text), JSON.stringify({ q: text, a: [text.slice(0, 1001)] }));
    const wrong = texts.filter((text) => encodeJsonText(text) !== referenceJson(text));
    expect(wrong.map((text) => text.slice(0, 200))).toEqual([]);
    expect(encodeJsonText(JSON.stringify({ 'k\u0000': ['\uD83D', '😀', '\uFDD0', '\\u0000'] }))).toBe(
      '{"k\uFDD00000":["\uFDD0D83D","😀","\uFDD0FDD0","\\\\u0000"]}',
    );
  });

  it('decodes exactly as the reference, stored text well formed or not (an escape character without four hex digits)', () => {
    const escaped = /\uFDD0([0-9A-F]{4})/g;
    const referenceDecodeText = (stored: string) => stored.replace(escaped, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const referenceDecodeJson = (stored: string) => stored.replace(escaped, (_, hex: string) => (hex === 'FDD0' ? '\uFDD0' : `\\u${hex.toLowerCase()}`));
    const next = createRng(99);
    const pieces = ['\uFDD0', '\uFDD0', '0', '0000', 'D83D', 'de00', 'F', 'FDD0', 'G', 'a', '\u0000', '\uD83D', '😀', '\\'];
    const texts = ['', '\uFDD0', '\uFDD0000', '\uFDD0\uFDD00000', '\uFDD000000', '\uFDD0FDD0FDD0', '\uFDD0fdd0', 'x\uFDD0'];
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let n = Math.floor(next() * 14); n > 0; n--) text += pieces[Math.floor(next() * pieces.length)];
      texts.push(text);
    }
    for (const text of HUGE) texts.push(encodeText(text), encodeJsonText(JSON.stringify(text)));
    expect(texts.filter((text) => decodeText(text) !== referenceDecodeText(text)).map((text) => text.slice(0, 200))).toEqual([]);
    expect(texts.filter((text) => decodeJsonText(text) !== referenceDecodeJson(text)).map((text) => text.slice(0, 200))).toEqual([]);
    for (const text of HUGE) expect(decodeText(encodeText(text)) === text).toBe(true);
  });

  it('keeps a "__proto__" key a plain key when decoding parsed JSON', () => {
    const parsed = JSON.parse(encodeJsonText('{"__proto__":{"polluted":"\\u0000"}}'));
    const decoded = decodeJsonValue(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
