import { ConfigError } from '../errors';
import { createJsonMatch } from './json-match';
import { testContext } from './test-context';

const context = testContext();
const exact = createJsonMatch();
const partial = createJsonMatch({ mode: 'partial' });
const score = (output: unknown, expected: unknown, metric = exact) => metric(output, expected, undefined, context);

describe('json_match exact', () => {
  it('is 1 for deep-equal JSON regardless of key order, else 0', () => {
    expect(score('{"b": 2, "a": [1, {"c": 3}]}', { a: [1, { c: 3 }], b: 2 })).toBe(1);
    expect(score('```json\n{"a": 1}\n```', '{"a": 1}')).toBe(1);
    expect(score('{"a": 1}', '{"a": 1, "b": 2}')).toBe(0);
    expect(score('[1, 2]', '[2, 1]')).toBe(0);
  });

  it('compares unicode strings after JSON unescaping', () => {
    expect(score('{"city": "\\u6771\\u4eac"}', { city: '東京' })).toBe(1);
    expect(score('{"emoji": "😀", "name": "José"}', '{"name": "José", "emoji": "😀"}')).toBe(1);
  });

  it('scores unparseable, empty, null or undefined output 0', () => {
    expect(score('not json', { a: 1 })).toBe(0);
    expect(score('', { a: 1 })).toBe(0);
    expect(score(null, { a: 1 })).toBe(0);
    expect(score(undefined, '{}')).toBe(0);
  });

  it('throws when the expected value is not JSON', () => {
    expect(() => score('{}', null)).toThrow(/expected value is not JSON/);
    expect(() => score('{}', undefined)).toThrow(TypeError);
    expect(() => score('{}', '{oops')).toThrow(TypeError);
  });

  it('accepts objects and numbers on either side', () => {
    expect(score({ a: 1 }, { a: 1 })).toBe(1);
    expect(score(42, '42')).toBe(1);
    expect(score('true', true)).toBe(1);
  });

  it('compares large documents', () => {
    const doc = { items: Array.from({ length: 20_000 }, (_, i) => ({ i, s: 'é' })) };
    expect(score(JSON.stringify(doc), doc)).toBe(1);
  });

  it('matches the same long integer given as text against an expected object that JSON.parse read (rounded)', () => {
    expect(score('{"id": 1712345678901234567}', JSON.parse('{"id": 1712345678901234567}'))).toBe(1);
    expect(score('[1712345678901234567]', JSON.parse('[1712345678901234567]'), createJsonMatch({ mode: 'partial' }))).toBe(1);
  });

  it('compares integers beyond 2^53 exactly, as Python json.loads does', () => {
    expect(score('{"id": 9007199254740993}', '{"id": 9007199254740992}')).toBe(0);
    expect(score('{"id": 9007199254740993}', '{"id": 9007199254740993}')).toBe(1);
    expect(score('[-12345678901234567890]', '[-12345678901234567891]')).toBe(0);
    expect(score('```json\n{"id": 12345678901234567890}\n```', '{"id": 12345678901234567890}')).toBe(1);
  });

  it('compares a long integer with a float by exact value (Python: 9007199254740993 == 9007199254740992.0 is False)', () => {
    expect(score('9007199254740993', '9007199254740992.0')).toBe(0);
    // An expected number is already rounded (JSON.parse of a dataset line): the output is read with the same precision.
    expect(score('9007199254740993', 9007199254740992)).toBe(1);
    expect(score('{"n": 10000000000000000}', '{"n": 1e16}')).toBe(1);
    expect(score('{"n": 9007199254740992}', { n: 2 ** 53 })).toBe(1);
    expect(score('[1, 1.0, 12345678901234567890]', '[1.0, 1, 12345678901234567890]')).toBe(1);
  });

  it('reads long digit runs inside strings and floats as before', () => {
    expect(score('{"s": "12345678901234567890"}', '{"s": "12345678901234567890"}')).toBe(1);
    expect(score('{"s": "12345678901234567890"}', '{"s": 12345678901234567890}')).toBe(0);
    expect(score('0.12345678901234567', '0.12345678901234566')).toBe(1);
  });

  it('keeps "__proto__" as an ordinary key and the last of repeated keys, with and without long integers', () => {
    expect(score('{"__proto__": {"a": 1}}', '{"__proto__": {"a": 1}}')).toBe(1);
    expect(score('{"__proto__": {"a": 1}}', '{}')).toBe(0);
    expect(score('{"__proto__": 12345678901234567890}', '{"__proto__": 12345678901234567891}')).toBe(0);
    expect(score('{"__proto__": 12345678901234567890}', '{}')).toBe(0);
    expect(score('{"a": 1, "a": 2}', '{"a": 2}')).toBe(1);
    expect(score('{"a": 12345678901234567890, "a": 2}', '{"a": 2}')).toBe(1);
    expect(score('{"a": 1, "a": 12345678901234567890}', '{"a": 12345678901234567890}')).toBe(1);
  });

  it('rejects an unknown mode', () => {
    expect(() => createJsonMatch({ mode: 'fuzzy' as 'exact' })).toThrow(ConfigError);
  });
});

describe('json_match partial', () => {
  it('is the fraction of expected leaves equal in the output', () => {
    expect(score('{"a": 1, "b": {"c": 2, "d": 9}, "extra": true}', { a: 1, b: { c: 2, d: 3 } }, partial)).toBeCloseTo(2 / 3, 12);
    expect(score('{"a": 1}', { a: 1 }, partial)).toBe(1);
    expect(score('{"x": 1}', { a: 1, b: 2 }, partial)).toBe(0);
  });

  it('compares arrays by index and treats empty containers as "any of that kind"', () => {
    expect(score('{"l": [1, 5, 3]}', { l: [1, 2, 3] }, partial)).toBeCloseTo(2 / 3, 12);
    expect(score('{"o": {"k": 1}, "l": [1]}', { o: {}, l: [] }, partial)).toBe(1);
    expect(score('{"o": [], "l": {}}', { o: {}, l: [] }, partial)).toBe(0);
  });

  it('compares a primitive expected value as one leaf', () => {
    expect(score('"東京"', '"東京"', partial)).toBe(1);
    expect(score('1', '2', partial)).toBe(0);
  });

  it('compares long integer leaves exactly', () => {
    expect(score('{"id": 9007199254740993, "b": 1}', '{"id": 9007199254740992, "b": 1}', partial)).toBe(0.5);
    expect(score('{"id": 9007199254740993, "b": 1}', '{"id": 9007199254740993}', partial)).toBe(1);
  });

  it('scores unparseable output 0', () => {
    expect(score('{', { a: 1 }, partial)).toBe(0);
    expect(score(null, { a: 1 }, partial)).toBe(0);
  });
});

describe('json_match on deeply nested JSON', () => {
  const nested = (depth: number, leaf: string) => `${'{"a":['.repeat(depth)}${leaf}${']}'.repeat(depth)}`;

  it('compares JSON nested 100,000 levels deep without overflowing the stack', () => {
    expect(score(nested(100_000, '1'), nested(100_000, '1'))).toBe(1);
    expect(score(nested(100_000, '1'), nested(100_000, '2'))).toBe(0);
    expect(score(nested(100_000, '12345678901234567890'), nested(100_000, '12345678901234567890'))).toBe(1);
    expect(score(nested(100_000, '1'), nested(100_000, '1'), partial)).toBe(1);
    expect(score(nested(100_000, '1'), nested(100_000, '2'), partial)).toBe(0);
  });
});
