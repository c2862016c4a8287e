import { createTokenF1, tokenF1 } from './token-f1';
import { testContext } from './test-context';

const context = testContext();
const f1 = createTokenF1();
const score = (output: unknown, expected: unknown) => f1(output, expected, undefined, context);

describe('token_f1', () => {
  it('computes SQuAD F1 after dropping case, punctuation and articles', () => {
    // tokens [eiffel, tower] vs [eiffel, tower, in, paris]: P = 1, R = 1/2
    expect(score('The Eiffel Tower', 'Eiffel Tower in Paris.')).toBeCloseTo(2 / 3, 12);
    expect(score('the cat', 'A cat!')).toBe(1);
    expect(score('dog', 'cat')).toBe(0);
  });

  it('counts repeated tokens as a multiset', () => {
    // [x, x, y] vs [x, y, y] share one x and one y
    expect(tokenF1(['x', 'x', 'y'], ['x', 'y', 'y'])).toBeCloseTo(2 / 3, 12);
  });

  it('takes the best of several references', () => {
    expect(score('Paris', ['London', 'paris, France'])).toBeCloseTo(2 / 3, 12);
    expect(score('Paris', ['London', 'Paris'])).toBe(1);
  });

  it('handles accents, CJK characters and emoji', () => {
    expect(score('Cafe\u0301 au lait', 'café au lait')).toBe(1);
    // [北, 京] vs [北, 京, 市]
    expect(score('北京', '北京市')).toBeCloseTo(0.8, 12);
    expect(score('I ❤️ 😀', 'i 😀')).toBeCloseTo(0.8, 12);
  });

  it('is 1 when both sides are empty and 0 when only one is', () => {
    expect(score('', '')).toBe(1);
    expect(score('the', '...')).toBe(1);
    expect(score(null, undefined)).toBe(1);
    expect(score('', 'answer')).toBe(0);
    expect(score('answer', null)).toBe(0);
  });

  it('reads numbers and objects as text', () => {
    expect(score(42, '42')).toBe(1);
    // As in SQuAD, punctuation is deleted, not replaced by a space: {"answer":"yes"} is one token.
    expect(score({ answer: 'yes' }, 'answeryes')).toBe(1);
  });

  it('scores very long texts', () => {
    const long = 'lorem ipsum '.repeat(10_000);
    expect(score(long, long)).toBe(1);
    expect(score(long, 'lorem')).toBeCloseTo((2 * (1 / 20_000) * 1) / (1 / 20_000 + 1), 12);
  });
});
