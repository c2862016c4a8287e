import { parseJsonOutput } from './parse-json-output';

describe('parseJsonOutput', () => {
  it('parses JSON strings, fenced or not, including unicode', () => {
    expect(parseJsonOutput('{"a": [1, "é漢😀"]}')).toEqual({ ok: true, value: { a: [1, 'é漢😀'] } });
    expect(parseJsonOutput('```json\n{"a": 1}\n```')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonOutput('"text"')).toEqual({ ok: true, value: 'text' });
    expect(parseJsonOutput('null')).toEqual({ ok: true, value: null });
  });

  it('rejects strings that are not JSON', () => {
    expect(parseJsonOutput('')).toEqual({ ok: false });
    expect(parseJsonOutput('{a: 1}')).toEqual({ ok: false });
    expect(parseJsonOutput('hello')).toEqual({ ok: false });
    expect(parseJsonOutput("Sure! ```json\n{}\n```")).toEqual({ ok: false });
  });

  it('accepts plain objects, arrays, finite numbers and booleans as they are', () => {
    const value = { a: 1 };
    expect(parseJsonOutput(value)).toEqual({ ok: true, value });
    expect(parseJsonOutput([1])).toEqual({ ok: true, value: [1] });
    expect(parseJsonOutput(Object.create(null))).toMatchObject({ ok: true });
    expect(parseJsonOutput(3)).toEqual({ ok: true, value: 3 });
    expect(parseJsonOutput(false)).toEqual({ ok: true, value: false });
  });

  it('rejects null, undefined, NaN, functions and class instances', () => {
    for (const value of [null, undefined, Number.NaN, Infinity, () => 1, new Date(0), new Map(), 1n]) {
      expect(parseJsonOutput(value)).toEqual({ ok: false });
    }
  });

  it('parses a long JSON string', () => {
    const long = JSON.stringify({ text: 'x'.repeat(20_000) });
    expect(parseJsonOutput(long)).toEqual({ ok: true, value: { text: 'x'.repeat(20_000) } });
  });
});
