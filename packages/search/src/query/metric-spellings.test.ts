import { parseItemQuery } from './parse-item-query';
import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');

// A metric stored as "Accuracy" on one run and "accuracy" on eight: "accuracy > 0.8" searched "Accuracy", the first
// stored spelling ignoring case, and left the eight runs with the spelling typed out without a word.
describe('metric names stored in several spellings', () => {
  const metrics = ['Accuracy', 'accuracy', 'exact_match'];
  const parse = (text: string) => parseQuery(text, { now: NOW, metrics });
  const variantWarning = 'the metric "accuracy" is also stored as "Accuracy", which is not searched; type that spelling to search it';

  it.each([
    ['accuracy >= 0', { kind: 'metric', metric: 'accuracy', op: '>=', value: 0 }, 'accuracy >= 0'],
    ['accuracy > 0.8', { kind: 'metric', metric: 'accuracy', op: '>', value: 0.8 }, 'accuracy > 0.8'],
    ['Accuracy > 0.8', { kind: 'metric', metric: 'Accuracy', op: '>', value: 0.8 }, 'Accuracy > 0.8'],
  ])('the spelling typed exactly wins: %s', (text, filter, explanation) => {
    const parsed = parse(text);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
  });

  it('says which other spellings were not searched', () => {
    expect(parse('accuracy > 0.8').warnings).toEqual([variantWarning]);
    expect(parse('Accuracy > 0.8').warnings).toEqual([
      'the metric "Accuracy" is also stored as "accuracy", which is not searched; type that spelling to search it',
    ]);
    expect(parse('exact_match > 0.5').warnings).toEqual([]);
  });

  it('sorts by the spelling typed', () => {
    const parsed = parse('top 5 by accuracy');
    expect(parsed.sort).toEqual({ field: 'metric', metric: 'accuracy', direction: 'desc' });
    expect(parsed.limit).toBe(5);
    expect(parsed.warnings).toEqual([variantWarning]);
  });

  it('with no exact spelling, takes the lower-case one (else the first in code order) and names the others', () => {
    const parsed = parse('ACCURACY > 0.5');
    expect(parsed.filter).toEqual({ kind: 'metric', metric: 'accuracy', op: '>', value: 0.5 });
    expect(parsed.warnings).toEqual([variantWarning]);
    const upper = parseQuery('rOUGE > 0.5', { now: NOW, metrics: ['ROUGE', 'Rouge'] });
    expect(upper.filter).toEqual({ kind: 'metric', metric: 'ROUGE', op: '>', value: 0.5 });
    expect(upper.warnings).toEqual(['the metric "ROUGE" is also stored as "Rouge", which is not searched; type that spelling to search it']);
  });

  it('item queries too', () => {
    const parsed = parseItemQuery('accuracy > 0.5', { now: NOW, metrics });
    expect(parsed.filter).toEqual({ kind: 'score', metric: 'accuracy', op: '>', value: 0.5 });
    expect(parsed.warnings).toEqual([variantWarning]);
  });
});

// "f1 score > 0.5" was read as "f1 > 0.5" (the word "score" dropped), and "f1_score" suggested "f1 score", which was
// then searched as text when typed in quotes.
describe('metric names with spaces', () => {
  const metrics = ['f1 score', 'answer relevancy rate', 'accuracy'];
  const parse = (text: string) => parseQuery(text, { now: NOW, metrics });

  it.each([
    ['f1 score > 0.5', 'f1 score'],
    ['F1 Score > 0.5', 'f1 score'],
    ['"f1 score" > 0.5', 'f1 score'],
    ['"F1 score" above 0.5', 'f1 score'],
    ['answer relevancy rate > 0.5', 'answer relevancy rate'],
  ])('%s', (text, metric) => {
    const parsed = parse(text);
    expect(parsed.filter).toEqual({ kind: 'metric', metric, op: '>', value: 0.5 });
    expect(parsed.warnings).toEqual([]);
  });

  it('sorts by one', () => {
    expect(parse('top 3 by f1 score').sort).toEqual({ field: 'metric', metric: 'f1 score', direction: 'desc' });
  });

  it('a quoted metric name without a comparison is still text', () => {
    expect(parse('"f1 score"').filter).toEqual({ kind: 'text', text: 'f1 score' });
  });
});
