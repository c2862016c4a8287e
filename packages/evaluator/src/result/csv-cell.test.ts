import { parse } from 'csv-parse/sync';
import { csvCell, toCsvText } from './csv-cell';

describe('csvCell (OWASP CSV injection)', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['+cmd|calc', "'+cmd|calc"],
    ['-2+3', "'-2+3"],
    ['\tsecret', "'\tsecret"],
    ['\r=1', "'\r=1"],
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
  ])('prefixes text that starts like a formula: %j → %j', (text, escaped) => {
    expect(csvCell(text)).toBe(escaped);
  });

  it('leaves numbers numbers, including negative ones and negative numbers written as text', () => {
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(1e-7)).toBe('1e-7');
    expect(csvCell('-0.5')).toBe('-0.5');
    expect(csvCell('+1e3')).toBe('+1e3');
    expect(csvCell(true)).toBe('true');
  });

  it('leaves other text alone and writes objects as JSON, empty for null', () => {
    expect(csvCell('Paris = capital')).toBe('Paris = capital');
    expect(csvCell({ a: '=1' })).toBe('{"a":"=1"}');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes as RFC 4180 so escaped cells read back as written', () => {
    const text = toCsvText([['id', 'output'], ['a', '=1+2,"x"\n']]);
    expect(parse(text)).toEqual([['id', 'output'], ['a', '\'=1+2,"x"\n']]);
  });
});
