import { encodeText } from './repositories/stored-text';
import { storedLength, storedPrefix } from './limits';

/** Texts of the code units storage escapes (NUL, U+FDD0, surrogates in and out of pairs) among plain ones. */
function randomTexts(count: number): string[] {
  const units = ['a', '\u0000', '\uFDD0', '\uD83D', '\uDE00', '😀', 'é', '\uFFFF'];
  let seed = 7;
  const texts: string[] = [];
  for (let t = 0; t < count; t++) {
    let text = '';
    for (let i = 0; i < t % 40; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      text += units[seed % units.length];
    }
    texts.push(text);
  }
  return texts;
}

describe('stored text lengths', () => {
  it('counts what storage stores: 5 characters for NUL, U+FDD0 and each unpaired surrogate, pairs as they are', () => {
    expect(storedLength('plain')).toBe(5);
    expect(storedLength('\u0000'.repeat(60))).toBe(300);
    expect(storedLength('\uD800'.repeat(51))).toBe(255);
    expect(storedLength('😀'.repeat(3))).toBe(6);
    for (const text of randomTexts(500)) expect([text, storedLength(text)]).toEqual([text, encodeText(text).length]);
  });

  it('cuts to a stored length between code points, so the stored prefix is a prefix of the stored text', () => {
    for (const text of randomTexts(500)) {
      for (const max of [0, 1, 4, 5, 6, 13]) {
        const prefix = storedPrefix(text, max);
        const stored = encodeText(prefix);
        expect([text, max, stored.length <= max, encodeText(text).startsWith(stored)]).toEqual([text, max, true, true]);
        // Nothing more fits: the next code point would pass the limit.
        if (prefix.length < text.length) {
          const next = String.fromCodePoint(text.codePointAt(prefix.length)!);
          expect(storedLength(prefix + next)).toBeGreaterThan(max);
        }
      }
    }
  });
});
