import { jsonEqual } from './json-equal';

describe('jsonEqual', () => {
  it('ignores object key order but not array order', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });

  it('tells arrays, objects, null and primitives apart', () => {
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual({}, [])).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual('1', 1)).toBe(false);
    expect(jsonEqual(null, null)).toBe(true);
  });

  it('requires the same keys, not just a subset', () => {
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual({ a: undefined }, { b: undefined })).toBe(false);
  });

  it('compares unicode strings exactly', () => {
    expect(jsonEqual({ k: 'é😀' }, { k: 'é😀' })).toBe(true);
    expect(jsonEqual({ k: 'e\u0301' }, { k: 'é' })).toBe(false);
  });
});
