import { ConfigError } from '../errors';
import { createBleu, sentenceBleu } from './bleu';
import { testContext } from './test-context';

const context = testContext();
const bleu = createBleu();
const score = (output: unknown, expected: unknown, metric = bleu) => metric(output, expected, undefined, context);

describe('bleu', () => {
  it('is 1 for identical sentences', () => {
    expect(score('The cat is on the mat.', 'the cat is on the mat .')).toBe(1);
    expect(score('Paris', 'Paris')).toBe(1);
  });

  it('clips unigram counts: 7 × "the" against "the cat is on the mat" is 2/7 (Papineni et al.)', () => {
    const unigram = createBleu({ maxN: 1 });
    expect(score('the the the the the the the', 'the cat is on the mat', unigram)).toBeCloseTo(2 / 7, 12);
    expect(score('the the the the the the the', ['the cat is on the mat', 'there is a cat on the mat'], unigram)).toBeCloseTo(2 / 7, 12);
  });

  it('smooths a zero 4-gram count with epsilon 0.1', () => {
    // p1 = 3/4, p2 = 2/3, p3 = 1/2, p4 = 0 → 0.1/1; same length so no brevity penalty
    expect(score('the cat is here', 'the cat is there')).toBeCloseTo((0.75 * (2 / 3) * 0.5 * 0.1) ** 0.25, 12);
  });

  it('applies the brevity penalty and averages only the orders the candidate has', () => {
    // 3 tokens, all n-grams up to 3 match; r = 6 → BP = exp(1 - 6/3)
    expect(score('the cat sat', 'the cat sat on the mat')).toBeCloseTo(Math.exp(-1), 12);
  });

  it('matches NLTK on the Papineni three-reference example (0.5045666840058485)', () => {
    const hypothesis = 'It is a guide to action which ensures that the military always obeys the commands of the party';
    const references = [
      'It is a guide to action that ensures that the military will forever heed Party commands',
      'It is the guiding principle which guarantees the military forces always being under the command of the Party',
      'It is the practical guide for the army always to heed the directions of the party',
    ];
    expect(score(hypothesis, references)).toBeCloseTo(0.5045666840058485, 12);
  });

  it('uses the closest reference length, the shorter one on ties', () => {
    const tokens = ['a', 'b', 'c', 'd'];
    // references of length 3 and 5 are equally close to 4: the shorter gives BP = 1
    expect(sentenceBleu(tokens, [['a', 'b', 'c'], ['a', 'b', 'c', 'd', 'e']], 4)).toBe(sentenceBleu(tokens, [tokens], 4));
  });

  it('handles accents, CJK and emoji', () => {
    expect(score('Cafe\u0301 crème 😀', 'café CRÈME 😀')).toBe(1);
    expect(score('我喜欢猫', '我喜欢猫')).toBe(1);
    // 4 characters vs 5: every n-gram of the candidate matches; BP = exp(1 - 5/4)
    expect(score('我喜欢猫', '我喜欢猫咪')).toBeCloseTo(Math.exp(1 - 5 / 4), 12);
  });

  it('is 1 for two empty values and 0 when only one side is empty', () => {
    expect(score('', '')).toBe(1);
    expect(score(null, undefined)).toBe(1);
    expect(score('', 'text')).toBe(0);
    expect(score('text', null)).toBe(0);
    expect(score('text', [])).toBe(0);
  });

  it('reads numbers and objects as text', () => {
    expect(score(3.14, '3.14')).toBe(1);
    expect(score({ a: 'b' }, '{"a":"b"}')).toBe(1);
  });

  it('stays in [0, 1] and scores very long texts', () => {
    const long = Array.from({ length: 4_000 }, (_, i) => `w${i % 97}`).join(' ');
    expect(score(long, long)).toBe(1);
    const value = score(long, long.split(' ').reverse().join(' ')) as number;
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(1);
  });

  it('rejects a maxN that is not a positive integer', () => {
    expect(() => createBleu({ maxN: 0 })).toThrow(ConfigError);
    expect(() => createBleu({ maxN: 2.5 })).toThrow(ConfigError);
  });
});
