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

  it('keeps a "__proto__" key a plain key when decoding parsed JSON', () => {
    const parsed = JSON.parse(encodeJsonText('{"__proto__":{"polluted":"\\u0000"}}'));
    const decoded = decodeJsonValue(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
