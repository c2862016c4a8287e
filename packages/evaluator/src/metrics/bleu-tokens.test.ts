import { bleuTokens } from './bleu-tokens';

describe('bleuTokens', () => {
  it('lowercases and makes punctuation its own token', () => {
    expect(bleuTokens('Hello, World!')).toEqual(['hello', ',', 'world', '!']);
    expect(bleuTokens("don't")).toEqual(['don', "'", 't']);
  });

  it('keeps decimal points and thousands separators inside numbers', () => {
    expect(bleuTokens('Pi is 3.14, not 1,000.')).toEqual(['pi', 'is', '3.14', ',', 'not', '1,000', '.']);
  });

  it('splits CJK into characters and emoji into their own tokens, in NFC', () => {
    expect(bleuTokens('我喜欢猫')).toEqual(['我', '喜', '欢', '猫']);
    expect(bleuTokens('nice😀day')).toEqual(['nice', '😀', 'day']);
    expect(bleuTokens('Cafe\u0301')).toEqual(['café']);
  });

  it('returns no tokens for empty or blank text', () => {
    expect(bleuTokens('')).toEqual([]);
    expect(bleuTokens(' \n\t ')).toEqual([]);
  });
});
