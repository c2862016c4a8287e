import { ConfigError } from '../errors';
import { createBleu, sentenceBleu } from './bleu';
import { testContext } from './test-context';

const context = testContext();
const bleu = createBleu();
const method1 = createBleu({ smoothing: 'method1' });
const score = (output: unknown, expected: unknown, metric = bleu) => metric(output, expected, undefined, context);

const PAPINENI_HYPOTHESIS = 'It is a guide to action which ensures that the military always obeys the commands of the party';
const PAPINENI_REFERENCES = [
  'It is a guide to action that ensures that the military will forever heed Party commands',
  'It is the guiding principle which guarantees the military forces always being under the command of the Party',
  'It is the practical guide for the army always to heed the directions of the party',
];

/**
 * [output, references, options, value]: each value is NLTK 3.8's
 * `sentence_bleu([bleuTokens(r) for r in references], bleuTokens(output), weights=(1/maxN,)*maxN)`
 * (plus `smoothing_function=SmoothingFunction().method1` where options say so), Python 3.11.
 */
const NLTK_REFERENCE: ReadonlyArray<readonly [string, string[], { maxN?: number; smoothing?: 'method1' }, number]> = [
  ['London', ['Paris'], {}, 0],
  ['Paris', ['Paris'], {}, 1.821831989445342e-231],
  ['Paris', ['Paris'], { smoothing: 'method1' }, 0.1778279410038923],
  ['London', ['Paris'], { smoothing: 'method1' }, 0],
  ['The cat is on the mat.', ['the cat is on the mat .'], {}, 1.0],
  ['the the the the the the the', ['the cat is on the mat'], { maxN: 1 }, 0.2857142857142857],
  ['the the the the the the the', ['the cat is on the mat', 'there is a cat on the mat'], { maxN: 1 }, 0.2857142857142857],
  ['the cat is here', ['the cat is there'], {}, 8.636168555094496e-78],
  ['the cat is here', ['the cat is there'], { smoothing: 'method1' }, 0.3976353643835253],
  ['the cat sat', ['the cat sat on the mat'], {}, 4.493053873107152e-78],
  ['the cat sat', ['the cat sat on the mat'], { smoothing: 'method1' }, 0.20687381245863395],
  ['the cat sat', ['the cat sat on the mat'], { maxN: 3 }, 0.36787944117144233],
  [PAPINENI_HYPOTHESIS, PAPINENI_REFERENCES, {}, 0.5045666840058485],
  ['我喜欢猫', ['我喜欢猫咪'], {}, 0.7788007830714049],
  ['a b c d', ['a b c', 'a b c d e'], {}, 1.0],
  ['a b c d', ['a b c d e', 'a b c'], {}, 1.0],
  ['', [''], {}, 0],
  ['text', [''], {}, 0],
  ['', ['text'], {}, 0],
  ['The quick brown fox jumps over the lazy dog near the river bank.', ['A quick brown fox jumped over a lazy dog by the river bank.'], {}, 0.29420957081163696],
  ['The quick brown fox jumps over the lazy dog near the river bank.', ['A quick brown fox jumped over a lazy dog by the river bank.'], { smoothing: 'method1' }, 0.29420957081163696],
  ['Pi is 3.14, not 1,000.', ['pi is 3.14 , not 1,000 .'], {}, 1.0],
];

describe('bleu', () => {
  it.each(NLTK_REFERENCE)('equals NLTK sentence_bleu: %j vs %j %j → %p', (output, references, options, expected) => {
    expect(score(output, references.length === 1 ? references[0] : references, createBleu(options))).toBe(expected);
  });

  it('gives a completely wrong short answer 0, as NLTK does (not ≈ 0.1)', () => {
    expect(score('London', 'Paris')).toBe(0);
    expect(score('London', 'Paris', method1)).toBe(0);
  });

  it('uses the closest reference length, the shorter one on ties', () => {
    const tokens = ['a', 'b', 'c', 'd'];
    // references of length 3 and 5 are equally close to 4: the shorter gives BP = 1
    expect(sentenceBleu(tokens, [['a', 'b', 'c'], ['a', 'b', 'c', 'd', 'e']], 4)).toBe(sentenceBleu(tokens, [tokens], 4));
  });

  it('handles accents and emoji through its tokens', () => {
    expect(score('Cafe\u0301 crème 😀 ok', 'café CRÈME 😀 ok')).toBe(1);
  });

  it('is 0 when either side is empty, both included (NLTK: no unigram matches)', () => {
    expect(score(null, undefined)).toBe(0);
    expect(score('text', [])).toBe(0);
  });

  it('reads numbers and objects as text', () => {
    expect(score({ a: 'b', c: 'd' }, '{"a":"b","c":"d"}')).toBe(1);
  });

  it('stays in [0, 1] and scores very long texts', () => {
    const long = Array.from({ length: 4_000 }, (_, i) => `w${i % 97}`).join(' ');
    expect(score(long, long)).toBe(1);
    const value = score(long, long.split(' ').reverse().join(' ')) as number;
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(1);
  });

  it('rejects a maxN that is not a positive integer and an unknown smoothing', () => {
    expect(() => createBleu({ maxN: 0 })).toThrow(ConfigError);
    expect(() => createBleu({ maxN: 2.5 })).toThrow(ConfigError);
    expect(() => createBleu({ smoothing: 'floor' as never })).toThrow(ConfigError);
  });

  it('does not score an emoji sequence as equal to its parts spelled apart', () => {
    expect(score('👨\u200d👩\u200d👧', '👨 \u200d 👩 \u200d 👧')).toBeLessThan(1);
    expect(score('👍🏽 a b c', '👍 🏽 a b c')).toBeLessThan(1);
    expect(score('👍🏽 a b c', '👍🏽 a b c')).toBe(1);
  });
});
