import { referenceTexts } from './reference-texts';

describe('referenceTexts', () => {
  it('reads an array as several references and anything else as one', () => {
    expect(referenceTexts(['a', 'é😀', 3])).toEqual(['a', 'é😀', '3']);
    expect(referenceTexts('東京')).toEqual(['東京']);
    expect(referenceTexts({ a: 1 })).toEqual(['{"a":1}']);
  });

  it('reads null, undefined and an empty array as one empty reference', () => {
    expect(referenceTexts(null)).toEqual(['']);
    expect(referenceTexts(undefined)).toEqual(['']);
    expect(referenceTexts([])).toEqual(['']);
  });
});
