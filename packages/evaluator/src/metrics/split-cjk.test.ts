import { splitCjk } from './split-cjk';

describe('splitCjk', () => {
  it('spaces out Han, Hiragana and Katakana characters', () => {
    expect(splitCjk('我喜欢猫').split(/\s+/).filter(Boolean)).toEqual(['我', '喜', '欢', '猫']);
    expect(splitCjk('ひらカタ').split(/\s+/).filter(Boolean)).toEqual(['ひ', 'ら', 'カ', 'タ']);
  });

  it('leaves ASCII, Hangul, accents and emoji as they are', () => {
    expect(splitCjk('plain text')).toBe('plain text');
    expect(splitCjk('한국어 café 😀')).toBe('한국어 café 😀');
    expect(splitCjk('')).toBe('');
  });
});
