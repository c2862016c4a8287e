import { createRougeL, longestCommonSubsequence } from './rouge-l';
import { testContext } from './test-context';

const context = testContext();
const rougeL = createRougeL();
const score = (output: unknown, expected: unknown) => rougeL(output, expected, undefined, context);

describe('rouge_l', () => {
  it("reproduces Lin's examples against 'police killed the gunman'", () => {
    expect(score('police kill the gunman', 'police killed the gunman')).toBeCloseTo(0.75, 12);
    expect(score('the gunman kill police', 'police killed the gunman')).toBeCloseTo(0.5, 12);
  });

  it('keeps articles and uses F1 of LCS precision and recall', () => {
    // LCS "the cat on the mat" = 5 of 6 and 5 of 6
    expect(score('The cat sat on the mat.', 'the cat was on the mat')).toBeCloseTo(5 / 6, 12);
    // LCS 2: P = 2/2, R = 2/4
    expect(score('the cat', 'the big fat cat')).toBeCloseTo(2 / 3, 12);
  });

  it('takes the best of several references', () => {
    expect(score('a b c', ['x y z', 'a b c'])).toBe(1);
  });

  it('handles accents, CJK and emoji', () => {
    expect(score('Cafe\u0301 😀', 'café 😀')).toBe(1);
    // [北, 京, 大, 学] vs [北, 京, 的, 大, 学]: LCS 4, P = 1, R = 4/5
    expect(score('北京大学', '北京的大学')).toBeCloseTo(8 / 9, 12);
  });

  it('is 1 when both sides are empty and 0 when only one is', () => {
    expect(score('', '')).toBe(1);
    expect(score(null, undefined)).toBe(1);
    expect(score('x', '')).toBe(0);
    expect(score(undefined, 'x')).toBe(0);
    expect(score('x', 'y')).toBe(0);
  });

  it('reads numbers and objects as text', () => {
    expect(score(12, '12')).toBe(1);
    // Punctuation is deleted, not replaced by a space: {"a":"x"} is the one token "ax".
    expect(score({ a: 'x' }, 'ax')).toBe(1);
  });

  it('computes the LCS of long token lists', () => {
    const a = Array.from({ length: 2_000 }, (_, i) => `t${i % 50}`);
    const b = a.filter((_, i) => i % 2 === 0);
    expect(longestCommonSubsequence(a, b)).toBe(1_000);
    expect(longestCommonSubsequence([], a)).toBe(0);
    const long = 'word '.repeat(4_000);
    expect(score(long, long)).toBe(1);
  });
});
