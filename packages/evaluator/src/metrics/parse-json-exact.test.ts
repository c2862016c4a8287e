import { mayHoldLongInteger, parseJsonExact } from './parse-json-exact';

/** JSON text of a value, with bigints marked, so that key order, own keys and bigint-ness all show. */
const show = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

describe('parseJsonExact', () => {
  it.each([
    '{"a": [1, "é漢😀", {"b": null}], "c": true, "d": false}',
    ' \n\t{ "a" : [ ] , "b" : { } }\r\n',
    '[1.5, -0, 1e16, 1E-7, -2.5e+3, 0.12345678901234567, 123456789012345]',
    '"a \\" quoted \\\\ string \\u00e9 \\ud83d\\ude00"',
    '{"\\"key\\"": 1, "k\\\\": 2}',
    '{"__proto__": {"x": 1}, "a": 1}',
    '{"a": 1, "b": 2, "a": 3}',
    '{"2": "b", "1": "a", "x": [[[[]]]]}',
    'null',
    '42',
    '[]',
    '{}',
  ])('reads %j as JSON.parse does', (text) => {
    const exact = parseJsonExact(text);
    const parsed: unknown = JSON.parse(text);
    expect(show(exact)).toBe(show(parsed));
    expect(exact).toEqual(parsed);
  });

  it('reads "__proto__" as an own key, not the prototype', () => {
    const value = parseJsonExact('{"__proto__": 12345678901234567890}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe(12345678901234567890n);
  });

  it('reads integer literals of more than 15 digits as bigints, and nothing else', () => {
    expect(parseJsonExact('[9007199254740993, -9007199254740993, 1234567890123456, 123456789012345]')).toEqual([
      9007199254740993n,
      -9007199254740993n,
      1234567890123456n,
      123456789012345,
    ]);
    expect(parseJsonExact('[9007199254740993.0, 9007199254740993e0, "9007199254740993"]')).toEqual([
      9007199254740992,
      9007199254740992,
      '9007199254740993',
    ]);
  });
});

describe('mayHoldLongInteger', () => {
  it('is true only when the text has a run of more than 15 digits', () => {
    expect(mayHoldLongInteger('{"id": 1234567890123456}')).toBe(true);
    expect(mayHoldLongInteger('{"id": 123456789012345, "x": 1.5}')).toBe(false);
  });
});
