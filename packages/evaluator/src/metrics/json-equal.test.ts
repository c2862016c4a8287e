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

  it('compares long integers (bigint) with each other and with numbers by exact value', () => {
    expect(jsonEqual(9007199254740993n, 9007199254740992)).toBe(false);
    expect(jsonEqual(9007199254740992n, 9007199254740992)).toBe(true);
    expect(jsonEqual([1n], [1])).toBe(true);
    expect(jsonEqual(1n, '1')).toBe(false);
    expect(jsonEqual('1', 1n)).toBe(false);
  });

  it('compares values nested 100,000 levels deep', () => {
    let a: unknown = 1;
    let b: unknown = 1;
    for (let i = 0; i < 100_000; i++) {
      a = { k: [a] };
      b = { k: [b] };
    }
    expect(jsonEqual(a, b)).toBe(true);
    expect(jsonEqual(a, { k: [b] })).toBe(false);
  });
});
