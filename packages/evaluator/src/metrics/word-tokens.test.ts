import { wordTokens } from './word-tokens';

const squad = { removeArticles: true };
const keep = { removeArticles: false };

describe('wordTokens', () => {
  it('lowercases, deletes punctuation and drops articles like the SQuAD script', () => {
    expect(wordTokens('The Cat, an apple; a DOG!', squad)).toEqual(['cat', 'apple', 'dog']);
    expect(wordTokens("Don't stop", squad)).toEqual(['dont', 'stop']);
    expect(wordTokens('The cat', keep)).toEqual(['the', 'cat']);
  });

  it('keeps articles inside longer words and handles accents via NFC', () => {
    expect(wordTokens('theatre another', squad)).toEqual(['theatre', 'another']);
    expect(wordTokens('Cafe\u0301 «résumé»', squad)).toEqual(['café', 'résumé']);
  });

  it('splits CJK into characters, removes CJK punctuation and keeps emoji', () => {
    expect(wordTokens('我喜欢猫。', squad)).toEqual(['我', '喜', '欢', '猫']);
    expect(wordTokens('I ❤️ 😀!', squad)).toEqual(['i', '❤️', '😀']);
  });

  it('returns no tokens for empty or punctuation-only text', () => {
    expect(wordTokens('', squad)).toEqual([]);
    expect(wordTokens('  ... !? ', squad)).toEqual([]);
    expect(wordTokens('the a an', squad)).toEqual([]);
  });

  it('tokenises long text', () => {
    expect(wordTokens('word '.repeat(20_000), squad)).toHaveLength(20_000);
  });
});
