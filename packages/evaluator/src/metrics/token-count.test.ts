import { createTokenCount } from './token-count';
import { testContext } from './test-context';

const tokenCount = createTokenCount();
const count = (output: unknown, tokensUsed?: number) => tokenCount(output, undefined, undefined, testContext({ tokensUsed }));

describe('token_count', () => {
  it('returns the tokens the task reported', () => {
    expect(count('three words here', 57)).toBe(57);
    expect(count(null, 0)).toBe(0);
  });

  it('otherwise counts whitespace-separated words', () => {
    expect(count('three words here')).toBe(3);
    expect(count('  padded\ttext\nlines  ')).toBe(3);
  });

  it('counts unicode words, a CJK run without spaces as one', () => {
    expect(count('café 😀 naïve')).toBe(3);
    expect(count('我喜欢猫 ok')).toBe(2);
    expect(count('a\u00a0b\u3000c')).toBe(3);
  });

  it('is 0 for empty, blank, null and undefined output', () => {
    expect(count('')).toBe(0);
    expect(count('   ')).toBe(0);
    expect(count(null)).toBe(0);
    expect(count(undefined)).toBe(0);
  });

  it('counts numbers and objects as text', () => {
    expect(count(42)).toBe(1);
    expect(count({ a: 'b c' })).toBe(2);
  });

  it('counts very long outputs', () => {
    expect(count('word '.repeat(20_000))).toBe(20_000);
  });
});
