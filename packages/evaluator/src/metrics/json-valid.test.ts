import { createJsonValid } from './json-valid';
import { testContext } from './test-context';

const context = testContext();
const jsonValid = createJsonValid();
const score = (output: unknown) => jsonValid(output, undefined, undefined, context);

describe('json_valid', () => {
  it('accepts JSON text, with or without a ```json fence', () => {
    expect(score('{"a": 1}')).toBe(true);
    expect(score('```json\n[1, 2, 3]\n```')).toBe(true);
    expect(score(' 42 ')).toBe(true);
    expect(score('"a string"')).toBe(true);
  });

  it('rejects text that is not JSON', () => {
    expect(score('{a: 1}')).toBe(false);
    expect(score("{'a': 1}")).toBe(false);
    expect(score('Here is the JSON: {"a": 1}')).toBe(false);
    expect(score('```json\n{"a": 1,}\n```')).toBe(false);
  });

  it('accepts unicode inside JSON', () => {
    expect(score('{"città": "東京 😀", "e": "\\u00e9"}')).toBe(true);
  });

  it('rejects empty strings, null and undefined', () => {
    expect(score('')).toBe(false);
    expect(score('   ')).toBe(false);
    expect(score(null)).toBe(false);
    expect(score(undefined)).toBe(false);
  });

  it('accepts objects, arrays, numbers and booleans as already JSON', () => {
    expect(score({ a: [1] })).toBe(true);
    expect(score([])).toBe(true);
    expect(score(0)).toBe(true);
    expect(score(false)).toBe(true);
    expect(score(Number.NaN)).toBe(false);
    expect(score(new Date())).toBe(false);
  });

  it('parses very long JSON', () => {
    expect(score(JSON.stringify(Array.from({ length: 20_000 }, (_, i) => i)))).toBe(true);
    expect(score(`[${'1,'.repeat(20_000)}]`)).toBe(false);
  });
});
