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

  it('writes objects and arrays as JSON, falling back to String for circular ones', () => {
    expect(toText({ a: 1, b: ['x'] })).toBe('{"a":1,"b":["x"]}');
    expect(toText([1, 2])).toBe('[1,2]');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(toText(circular)).toBe('[object Object]');
  });
});
