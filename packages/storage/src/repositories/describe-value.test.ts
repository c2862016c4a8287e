import { describeValue } from './describe-value';

describe('describeValue', () => {
  it('shows numbers JSON cannot hold as themselves, not as null', () => {
    expect([NaN, Infinity, -Infinity, -0, 1.5, 2 ** 53].map(describeValue)).toEqual(['NaN', 'Infinity', '-Infinity', '-0', '1.5', '9007199254740992']);
    expect(describeValue({ error: NaN, list: [Infinity] })).toBe('{"error":"NaN","list":["Infinity"]}');
  });

  it('shows other values as JSON, and those without a JSON form by their type, never throwing', () => {
    expect(describeValue('0.5')).toBe('"0.5"');
    expect(describeValue(null)).toBe('null');
    expect(describeValue({ error: 1 })).toBe('{"error":1}');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(() => 1)).toBe('function');
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
    expect(describeValue(10n)).toBe('10n');
    expect(describeValue({ big: 10n })).toBe('{"big":"10n"}');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(describeValue(cycle)).toBe('an object with no JSON form');
  });

  it('cuts a long value to 100 characters ending in …', () => {
    const shown = describeValue('x'.repeat(1_000));
    expect(shown).toHaveLength(100);
    expect(shown).toBe(`"${'x'.repeat(98)}…`);
  });
});
