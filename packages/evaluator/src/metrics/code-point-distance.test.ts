import { codePointDistance } from './code-point-distance';

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

  it('falls back to code points when the BMP has no unused character left', () => {
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
});
