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

  it('keeps each emoji sequence together as one token', () => {
    expect(bleuTokens('👨\u200d👩\u200d👧 family')).toEqual(['👨\u200d👩\u200d👧', 'family']);
    expect(bleuTokens('👍🏽 a')).toEqual(['👍🏽', 'a']);
    expect(bleuTokens('press 1\ufe0f\u20e3 or #\ufe0f\u20e3')).toEqual(['press', '1\ufe0f\u20e3', 'or', '#\ufe0f\u20e3']);
    expect(bleuTokens('go🇫🇷🇩🇪!')).toEqual(['go', '🇫🇷', '🇩🇪', '!']);
    expect(bleuTokens('❤\ufe0fit')).toEqual(['❤\ufe0f', 'it']);
    expect(bleuTokens('🏳\ufe0f\u200d🌈')).toEqual(['🏳\ufe0f\u200d🌈']);
    expect(bleuTokens('🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}x')).toEqual(['🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}', 'x']);
    expect(bleuTokens('😀😀')).toEqual(['😀', '😀']);
  });

  it('keeps the tokens of text without emoji', () => {
    expect(bleuTokens('a © b ™ c ‼ 1.5% $3 #1 ←→ 🇫')).toEqual(['a', '©', 'b', '™', 'c', '‼', '1.5', '%', '$', '3', '#', '1', '←', '→', '🇫']);
  });

  it('returns no tokens for empty or blank text', () => {
    expect(bleuTokens('')).toEqual([]);
    expect(bleuTokens(' \n\t ')).toEqual([]);
  });
});
