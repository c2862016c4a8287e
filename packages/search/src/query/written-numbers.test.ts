import { QuerySyntaxError } from '../errors';
import { parseItemQuery } from './parse-item-query';
import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');
const parse = (text: string) => parseQuery(text, { now: NOW, metrics: ['accuracy', 'exact_match'] });
const syntaxError = (text: string): QuerySyntaxError => {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`no error for ${text}`);
};

// The explanation rounded the bound to 12 digits: "tokens > 1000000000001" explained "tokens > 1000000000000", and a
// number with more digits than a double holds was filtered by another value than the one explained, without a word.
describe('the explanation shows the bound applied', () => {
  it.each([
    ['tokens > 1000000000001', { kind: 'number', field: 'totalTokens', op: '>', value: 1000000000001 }, 'tokens > 1000000000001'],
    ['accuracy = 0.30000000000000004', { kind: 'metric', metric: 'accuracy', op: '=', value: 0.30000000000000004 }, 'accuracy = 0.30000000000000004'],
    ['success rate > 80%', { kind: 'number', field: 'successRate', op: '>', value: 0.8 }, 'success rate > 80%'],
    ['latency < 250ms', { kind: 'number', field: 'avgResponseTime', op: '<', value: 0.25 }, 'avg response time < 250ms'],
  ])('%s', (text, filter, explanation) => {
    const parsed = parse(text);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
  });

  it('warns when a number typed cannot be held exactly, naming the value used', () => {
    const parsed = parse('tokens over 12345678901234567891');
    expect(parsed.filter).toEqual({ kind: 'number', field: 'totalTokens', op: '>', value: 12345678901234567000 });
    expect(parsed.explanation).toBe('tokens > 12345678901234567000');
    expect(parsed.warnings).toEqual(['12345678901234567891 has more digits than a number can hold exactly; using 12345678901234567000']);
    expect(parse('accuracy > 0.1000000000000000000001').warnings).toEqual([
      '0.1000000000000000000001 has more digits than a number can hold exactly; using 0.1',
    ]);
    expect(parse('accuracy > 0.50').warnings).toEqual([]);
  });

  it('in item queries too', () => {
    expect(parseItemQuery('accuracy = 0.30000000000000004', { now: NOW, metrics: ['accuracy'] }).explanation).toBe('accuracy = 0.30000000000000004');
  });
});

// "exact_match > 0,5" became "exact_match > 0 AND text contains "5"" with only a warning about searching for 5 as text.
describe('a decimal comma or a thousands separator', () => {
  it.each([
    ['exact_match > 0,5', '"0,5" is not a number: write it with a decimal point, 0.5'],
    ['exact_match > 1,000', '"1,000" is not a number: write 1000 (no thousands separator), or 1.000 with a decimal point'],
    ['tokens over 1,000,000', '"1,000,000" is not a number: write 1000000 (no thousands separator)'],
  ])('%s', (text, message) => {
    const error = syntaxError(text);
    expect(error.message).toContain(message);
    expect(error.position).toBe(text.search(/\d/));
  });

  it('a list written with commas and spaces is still a list', () => {
    expect(parse('accuracy 0.5, 0.7 or 0.9').filter).toMatchObject({ kind: 'or' });
  });
});

// "accuracy > 1e308" and "exact_match = 1e-7" were refused with "expected a number after ">", found "1e308"".
describe('exponent notation', () => {
  it.each([
    ['accuracy > 1e308', { kind: 'metric', metric: 'accuracy', op: '>', value: 1e308 }, 'accuracy > 1e+308'],
    ['exact_match = 1e-7', { kind: 'metric', metric: 'exact_match', op: '=', value: 1e-7 }, 'exact_match = 1e-7'],
    ['tokens > 2.5E6', { kind: 'number', field: 'totalTokens', op: '>', value: 2_500_000 }, 'tokens > 2500000'],
  ])('%s', (text, filter, explanation) => {
    const parsed = parse(text);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
  });

  it('a number too large for any value is refused', () => {
    expect(syntaxError('accuracy > 1e999').message).toContain('"1e999" is too large');
  });
});
