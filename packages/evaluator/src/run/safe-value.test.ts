import { MAX_RECORDED_DEPTH, toSafeValue, truncateText } from './safe-value';

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { child: value };
  return value;
}

function depthOf(value: unknown): number {
  let depth = 0;
  while (typeof value === 'object' && value !== null) {
    value = (value as { child: unknown }).child;
    depth++;
  }
  return depth;
}

describe('toSafeValue', () => {
  it('returns plain JSON data as it is, without copying', () => {
    const plain = { a: [1, 'two', { three: true, four: null }], 'é 😀': 0.5 };
    expect(toSafeValue(plain)).toBe(plain);
    expect(toSafeValue('text')).toBe('text');
    expect(toSafeValue(undefined)).toBeUndefined();
  });

  it.each<[string, unknown, unknown]>([
    ['a BigInt as its decimal string', 10n ** 30n, '1000000000000000000000000000000'],
    ['NaN, Infinity and -0 as words', [NaN, Infinity, -Infinity, -0, 0], ['NaN', 'Infinity', '-Infinity', '-0', 0]],
    ['a Symbol by its description', Symbol('tag'), 'Symbol(tag)'],
    ['a function as a marker', function answer() {}, '[Function: answer]'],
    ['a Map as entries', new Map<unknown, unknown>([['a', 1], [2, new Set([3])]]), [['a', 1], [2, [3]]]],
    ['a Set as its values', new Set(['x', 1n]), ['x', '1']],
    ['a Date as JSON writes it', new Date(Date.UTC(2026, 0, 2)), '2026-01-02T00:00:00.000Z'],
    ['an invalid Date as null', new Date(Number.NaN), null],
    ['typed arrays and buffers as arrays', [new Uint8Array([1, 2]), new Float64Array([0.5]), new BigInt64Array([5n]), new Uint8Array([7]).buffer], [[1, 2], [0.5], ['5'], [7]]],
    ['a RegExp as its source', /a+b/gi, '/a+b/gi'],
    ['boxed primitives unboxed', [Object(1), Object('s'), Object(true)], [1, 's', true]],
    ['undefined as JSON does', { a: undefined, b: [undefined, , 1] }, { b: [null, null, 1] }], // eslint-disable-line no-sparse-arrays
    ['a class instance as its own fields', new (class Point { constructor(readonly x = 1, readonly y = 2) {} })(), { x: 1, y: 2 }],
  ])('records %s', (_name, value, expected) => {
    expect(toSafeValue(value)).toEqual(expected);
  });

  it('records an Error with its name, message, own fields and cause', () => {
    const error = Object.assign(new RangeError('too far', { cause: new Error('root') }), { code: 'E_FAR' });
    expect(toSafeValue(error)).toEqual({ name: 'RangeError', message: 'too far', code: 'E_FAR', cause: { name: 'Error', message: 'root' } });
  });

  it('marks circular references, and keeps shared (non-circular) ones', () => {
    const shared = { n: 1 };
    const circular: Record<string, unknown> = { shared, again: shared };
    circular.self = circular;
    circular.list = [circular, new Map([['back', circular]])];
    expect(toSafeValue(circular)).toEqual({ shared: { n: 1 }, again: { n: 1 }, self: '[Circular]', list: ['[Circular]', [['back', '[Circular]']]] });
  });

  it('marks a toJSON that throws, a getter that throws and a revoked proxy, keeping the rest', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const value = {
      ok: 1,
      bad: { toJSON: () => { throw new Error('boom'); } },
      get broken(): never {
        throw new TypeError('no access');
      },
      proxy,
    };
    expect(toSafeValue(value)).toEqual({
      ok: 1,
      bad: '[toJSON threw: Error: boom]',
      broken: '[Unreadable: TypeError: no access]',
      proxy: expect.stringMatching(/^\[Unreadable: TypeError: .*revoked/),
    });
  });

  it(`cuts nesting past ${MAX_RECORDED_DEPTH} levels with a marker, without overflowing the stack at 10,000 levels`, () => {
    const safe = toSafeValue(nested(10_000));
    expect(depthOf(safe)).toBe(MAX_RECORDED_DEPTH);
    expect(JSON.stringify(safe)).toContain(`"[Truncated: nested deeper than ${MAX_RECORDED_DEPTH} levels]"`);
    expect(structuredClone(safe)).toEqual(safe);
    expect(toSafeValue(nested(MAX_RECORDED_DEPTH - 1))).toEqual(nested(MAX_RECORDED_DEPTH - 1));
  });

  it('cuts a huge string, array or object at the character limit, saying how much was cut', () => {
    expect(toSafeValue('x'.repeat(5_000), 1_000)).toBe(`${'x'.repeat(998)}…[truncated 4002 characters]`);
    const list = toSafeValue(Array.from({ length: 10_000 }, (_, i) => i), 1_000) as unknown[];
    expect(list.length).toBeLessThan(200);
    expect(list.at(-1)).toBe('[Truncated: over the 1000-character limit]');
    const object = toSafeValue(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])), 1_000);
    expect(Object.keys(object as object).length).toBeLessThan(200);
    expect(JSON.stringify(object).length).toBeLessThan(2_000);
    const map = toSafeValue(new Map(Array.from({ length: 100_000 }, (_, i) => [i, i])), 1_000) as unknown[];
    expect(map.length).toBeLessThan(200);
    expect(map.at(-1)).toBe('[Truncated: over the 1000-character limit]');
  });

  it('sets the flag it is given when it cuts anything (text, entries past the limit, nesting), and only then', () => {
    const cutBy = (value: unknown, max = 1_000) => {
      const flag = { cut: false };
      toSafeValue(value, max, 0, flag);
      return flag.cut;
    };
    expect(cutBy('x'.repeat(5_000))).toBe(true);
    expect(cutBy({ a: ['y'.repeat(5_000)] })).toBe(true);
    expect(cutBy(Array.from({ length: 10_000 }, (_, i) => i))).toBe(true);
    expect(cutBy(nested(MAX_RECORDED_DEPTH + 5))).toBe(true);
    expect(cutBy('x'.repeat(900))).toBe(false);
    expect(cutBy({ a: [1, 2n, new Map([[1, 2]])], b: 'text' })).toBe(false);
    expect(cutBy(nested(MAX_RECORDED_DEPTH - 1), Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it('never splits a surrogate pair when cutting', () => {
    expect(truncateText('a😀b', 2)).toBe('a…[truncated 3 characters]');
  });

  it('keeps a JSON "__proto__" key as data', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": "x"}}');
    const copy = toSafeValue({ wrapper: parsed, big: 1n }) as { wrapper: object };
    expect(JSON.stringify(copy)).toBe('{"wrapper":{"__proto__":{"polluted":"x"}},"big":"1"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
