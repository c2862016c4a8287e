import { ConfigError } from '../errors';
import { createTokenF1, tokenF1 } from './token-f1';
import { testContext } from './test-context';

const context = testContext();
const f1 = createTokenF1();
const multilingual = createTokenF1({ normalization: 'multilingual' });
const score = (output: unknown, expected: unknown, metric = f1) => metric(output, expected, undefined, context);

/**
 * [prediction, ground truth, f1] from the official SQuAD v1.1 script (evaluate-v1.1.py, Python 3.11.2):
 * `f1_score(prediction, ground_truth)` for each pair.
 */
const SQUAD_REFERENCE: ReadonlyArray<readonly [string, string, number]> = [
  ['The Eiffel Tower', 'Eiffel Tower in Paris.', 0.6666666666666666],
  ['$100', '100', 1.0],
  ['', '', 0],
  ['the', '...', 0],
  ['Cafe\u0301 au lait', 'caf\u00e9 au lait', 0.6666666666666666],
  ['\u5317\u4eac', '\u5317\u4eac\u5e02', 0],
  ['\u00abr\u00e9sum\u00e9\u00bb', 'r\u00e9sum\u00e9', 0],
  ['\u00e9the cat', 'cat', 0.6666666666666666],
  ['the cat', 'A cat!', 1.0],
  ['x\u001cy', 'x y', 1.0],
  ['x\ufeffy', 'x y', 0],
  ['I \u2764\ufe0f \ud83d\ude00', 'i \ud83d\ude00', 0.8],
  ['\u00dcber das Haus', '\u00fcber DAS haus', 1.0],
  ["don't stop", 'dont stop', 1.0],
  ['a-b c', 'ab c', 1.0],
  ['an apple a day', 'apple day', 1.0],
  ['x x y', 'x y y', 0.6666666666666666],
  ['3.14 or 1,000', '314 or 1000', 1.0],
  ['anthe a_the', 'anthe the', 0.6666666666666666],
  ['\u039f\u0394\u039f\u03a3', '\u03bf\u03b4\u03bf\u03c2', 1.0],
  ['the_cat', 'thecat', 1.0],
];

describe('token_f1', () => {
  it.each(SQUAD_REFERENCE)('equals the SQuAD v1.1 script: f1_score(%j, %j) = %p', (prediction, truth, expected) => {
    expect(score(prediction, truth)).toBe(expected);
  });

  it('deletes symbols such as $ and keeps non-ASCII punctuation, as string.punctuation does', () => {
    expect(score('$5', '5')).toBe(1);
    expect(score('«yes»', 'yes')).toBe(0);
  });

  it('is 0 when both sides are empty, as SQuAD v1.1 (num_same == 0), and 0 when only one is', () => {
    expect(score('', '')).toBe(0);
    expect(score(null, undefined)).toBe(0);
    expect(score('', 'answer')).toBe(0);
    expect(score('answer', null)).toBe(0);
  });

  it('counts repeated tokens as a multiset', () => {
    // [x, x, y] vs [x, y, y] share one x and one y
    expect(tokenF1(['x', 'x', 'y'], ['x', 'y', 'y'])).toBeCloseTo(2 / 3, 12);
  });

  it('takes the best of several references (metric_max_over_ground_truths)', () => {
    expect(score('Paris', ['London', 'paris, France'])).toBeCloseTo(2 / 3, 12);
    expect(score('Paris', ['London', 'Paris'])).toBe(1);
  });

  it('reads numbers and objects as text', () => {
    expect(score(42, '42')).toBe(1);
    // Punctuation is deleted, not replaced by a space: {"answer":"yes"} is one token.
    expect(score({ answer: 'yes' }, 'answeryes')).toBe(1);
  });

  it('scores very long texts', () => {
    const long = 'lorem ipsum '.repeat(10_000);
    expect(score(long, long)).toBe(1);
    expect(score(long, 'lorem')).toBeCloseTo((2 * (1 / 20_000) * 1) / (1 / 20_000 + 1), 12);
  });

  it('offers the NFC, Unicode-punctuation, CJK-per-character tokens only as normalization "multilingual"', () => {
    expect(score('Cafe\u0301 au lait', 'café au lait', multilingual)).toBe(1);
    // [北, 京] vs [北, 京, 市]
    expect(score('北京', '北京市', multilingual)).toBeCloseTo(0.8, 12);
    expect(score('«résumé»', 'résumé', multilingual)).toBe(1);
    expect(score('', '', multilingual)).toBe(0);
  });

  it('rejects an unknown normalization', () => {
    expect(() => createTokenF1({ normalization: 'nfc' as never })).toThrow(ConfigError);
  });
});
