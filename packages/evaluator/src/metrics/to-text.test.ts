import { toText } from './to-text';

describe('toText', () => {
  it('keeps strings and reads null/undefined as empty', () => {
    expect(toText('héllo 😀')).toBe('héllo 😀');
    expect(toText('')).toBe('');
    expect(toText(null)).toBe('');
    expect(toText(undefined)).toBe('');
  });

  it('stringifies numbers, booleans and bigints', () => {
    expect(toText(42)).toBe('42');
    expect(toText(-0.5)).toBe('-0.5');
    expect(toText(true)).toBe('true');
    expect(toText(10n)).toBe('10');
  });

  it('writes objects and arrays as JSON', () => {
    expect(toText({ a: 1, b: ['x'] })).toBe('{"a":1,"b":["x"]}');
    expect(toText([1, 2])).toBe('[1,2]');
    expect(toText({ when: new Date(0) })).toBe('{"when":"1970-01-01T00:00:00.000Z"}');
  });

  it('writes values JSON cannot hold as the recorder stores them, so different values never read the same', () => {
    expect(toText({ x: 1n })).toBe('{"x":"1"}');
    expect(toText(new Map([['a', 1]]))).toBe('[["a",1]]');
    expect(toText(new Set([1]))).toBe('[1]');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(toText(circular)).toBe('{"self":"[Circular]"}');
    expect(toText({ n: Number.NaN, i: Infinity })).toBe('{"n":"NaN","i":"Infinity"}');
  });

  it('does not cut long text inside objects', () => {
    const long = 'x'.repeat(10_000_001);
    expect(toText({ long })).toBe(`{"long":"${long}"}`);
  });
});
