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

  it('keeps a "__proto__" key a plain key when decoding parsed JSON', () => {
    const parsed = JSON.parse(encodeJsonText('{"__proto__":{"polluted":"\\u0000"}}'));
    const decoded = decodeJsonValue(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
