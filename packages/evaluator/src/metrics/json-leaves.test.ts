import { jsonAt, jsonLeaves } from './json-leaves';

describe('jsonLeaves', () => {
  it('lists primitive leaves with their paths', () => {
    expect(jsonLeaves({ a: 1, b: { c: [true, 'x'] } })).toEqual([
      { path: ['a'], value: 1 },
      { path: ['b', 'c', 0], value: true },
      { path: ['b', 'c', 1], value: 'x' },
    ]);
  });

  it('treats empty containers and a primitive root as single leaves', () => {
    expect(jsonLeaves({ a: {}, b: [] })).toEqual([
      { path: ['a'], value: {} },
      { path: ['b'], value: [] },
    ]);
    expect(jsonLeaves(5)).toEqual([{ path: [], value: 5 }]);
  });

  it('lists the leaves of a value nested 100,000 levels deep', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) value = [value];
    const leaves = jsonLeaves(value);
    expect(leaves).toHaveLength(1);
    expect(leaves[0]?.value).toBe('leaf');
    expect(leaves[0]?.path).toHaveLength(100_000);
  });
});

describe('jsonAt', () => {
  it('follows keys and indexes, and returns undefined for missing paths', () => {
    const root = { a: [{ b: 'é' }] };
    expect(jsonAt(root, ['a', 0, 'b'])).toBe('é');
    expect(jsonAt(root, ['a', 1, 'b'])).toBeUndefined();
    expect(jsonAt(root, ['a', 'b'])).toBeUndefined();
    expect(jsonAt(root, ['toString'])).toBeUndefined();
    expect(jsonAt(root, [])).toBe(root);
  });
});
