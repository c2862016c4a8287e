import { codePointDistance } from './code-point-distance';

/** The textbook dynamic programme over code points: the reference the fast paths must agree with. */
function referenceDistance(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) current[j] = Math.min(previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1), previous[j]! + 1, current[j - 1]! + 1);
    previous = current;
  }
  return previous[y.length]!;
}

/** A small deterministic generator, so a failure can be replayed. */
function randomText(seed: { value: number }, length: number, alphabet: readonly string[]): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    seed.value = (seed.value * 1_103_515_245 + 12_345) % 2 ** 31;
    text += alphabet[seed.value % alphabet.length];
  }
  return text;
}

describe('codePointDistance', () => {
  it('matches the classic Levenshtein examples', () => {
    expect(codePointDistance('kitten', 'sitting')).toEqual({ distance: 3, length: 7 });
    expect(codePointDistance('', 'abc')).toEqual({ distance: 3, length: 3 });
    expect(codePointDistance('', '')).toEqual({ distance: 0, length: 0 });
  });

  it('counts an astral character as one', () => {
    expect(codePointDistance('😀a', '😀b')).toEqual({ distance: 1, length: 2 });
    expect(codePointDistance('😀', '😃')).toEqual({ distance: 1, length: 1 });
    expect(codePointDistance('𠀋x', 'x')).toEqual({ distance: 1, length: 2 });
  });

  it('does not confuse an astral character with a private-use character already in the text', () => {
    expect(codePointDistance('\ue000', '😀')).toEqual({ distance: 1, length: 1 });
    expect(codePointDistance('😀\ue000', '\ue000😀')).toEqual({ distance: 2, length: 2 });
  });

  it('counts lone surrogates as one character each', () => {
    expect(codePointDistance('\ud800a', 'a')).toEqual({ distance: 1, length: 2 });
  });

  it('counts exactly when the texts use nearly every BMP character', () => {
    // Every BMP character except one is used, and there are two distinct emoji to map.
    let bmp = '';
    for (let unit = 0; unit <= 0xffff; unit++) if ((unit < 0xd800 || unit > 0xdfff) && unit !== 0x41) bmp += String.fromCharCode(unit);
    const result = codePointDistance(`${bmp.slice(0, 10)}😀😃`, `${bmp}😀`);
    expect(result.length).toBe(bmp.length + 1);
    // Insert the other BMP characters, keep 😀, delete 😃.
    expect(result.distance).toBe(bmp.length - 10 + 1);
  });

  it('handles long astral strings', () => {
    const a = '😀'.repeat(5_000) + 'a'.repeat(5_000);
    const b = '😀'.repeat(5_000) + 'b'.repeat(5_000);
    expect(codePointDistance(a, b)).toEqual({ distance: 5_000, length: 10_000 });
  });

  it('agrees with the textbook distance on random texts of emoji, lone surrogates and ASCII, across block edges', () => {
    const alphabet = ['a', 'b', 'c', '😀', '😃', '\ud800', '\udc00', '\ue000', '\u0000'];
    const seed = { value: 42 };
    for (let round = 0; round < 300; round++) {
      const a = randomText(seed, round % 70, alphabet);
      const b = randomText(seed, (round * 7) % 90, alphabet);
      const expected = { distance: referenceDistance(a, b), length: Math.max(Array.from(a).length, Array.from(b).length) };
      expect([a, b, codePointDistance(a, b)]).toEqual([a, b, expected]);
    }
  });

  it('compares a text of 20 million characters holding one emoji or one lone surrogate with a short one', () => {
    const long = 'a'.repeat(20_000_000);
    expect(codePointDistance(`${long}😀`, 'x')).toEqual({ distance: 20_000_001, length: 20_000_001 });
    expect(codePointDistance('a😀', `${long}\ud800`)).toEqual({ distance: 20_000_000, length: 20_000_001 });
    expect(codePointDistance(`😀${long}`, '')).toEqual({ distance: 20_000_001, length: 20_000_001 });
  });
});
