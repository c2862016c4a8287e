import type { FilterNode } from './filter';
import { parseItemQuery } from './parse-item-query';
import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');
const parse = (query: string) => parseQuery(query, { now: NOW, metrics: ['accuracy'] });

// "accuracy between 0.9 and 0.1" was swapped without a word (reversed dates say so), and "accuracy < 0.5 and accuracy
// > 0.9", which no run can meet, came without a warning.
describe('reversed ranges and conditions no value meets', () => {
  it.each<[string, string, string]>([
    ['accuracy between 0.9 and 0.1', 'accuracy >= 0.1 AND accuracy <= 0.9', '"between 0.9 and 0.1": the numbers were reversed; swapped them'],
    ['between 90% and 80% accuracy', 'accuracy >= 0.8 AND accuracy <= 0.9', '"between 90% and 80%": the numbers were reversed; swapped them'],
    ['accuracy not between 0.6 and 0.4', 'accuracy < 0.4 OR accuracy > 0.6', '"between 0.6 and 0.4": the numbers were reversed; swapped them'],
  ])('%s swaps the numbers with a warning', (query, explanation, warning) => {
    expect(parse(query)).toMatchObject({ explanation, warnings: [warning] });
  });

  it('swaps an item range with a warning too', () => {
    expect(parseItemQuery('exact_match between 1 and 0')).toMatchObject({
      explanation: 'exact_match >= 0 AND exact_match <= 1',
      warnings: ['"between 1 and 0": the numbers were reversed; swapped them'],
    });
  });

  it.each<[string, string]>([
    ['accuracy < 0.5 and accuracy > 0.9', '"accuracy < 0.5" and "accuracy > 0.9" cannot both hold: no run matches both'],
    ['accuracy below 0.5 and above 0.9', '"accuracy < 0.5" and "accuracy > 0.9" cannot both hold: no run matches both'],
    ['accuracy = 0.5 and accuracy = 0.7', '"accuracy = 0.5" and "accuracy = 0.7" cannot both hold: no run matches both'],
    ['accuracy > 0.5 and accuracy < 0.5', '"accuracy > 0.5" and "accuracy < 0.5" cannot both hold: no run matches both'],
    ['failed and (accuracy >= 0.8 and accuracy < 0.2) or gpt-4o', '"accuracy >= 0.8" and "accuracy < 0.2" cannot both hold: no run matches both'],
  ])('%s warns that it matches nothing', (query, warning) => {
    expect(parse(query).warnings).toEqual([warning]);
  });

  it('warns of item conditions no item meets', () => {
    expect(parseItemQuery('exact_match < 0.5 and exact_match > 0.9').warnings).toEqual([
      '"exact_match < 0.5" and "exact_match > 0.9" cannot both hold: no item matches both',
    ]);
  });

  it.each([
    'accuracy > 0.5 and accuracy < 0.9',
    'accuracy >= 0.5 and accuracy <= 0.5',
    'accuracy below 0.5 or above 0.9',
    'accuracy < 0.5 and exact_match > 0.9',
    'not (accuracy < 0.5 and accuracy > 0.9) and accuracy > 0.1',
  ])('%s can match, without a warning', (query) => {
    const { filter, warnings } = parse(query);
    expect(filter as FilterNode).not.toBeNull();
    expect(warnings).toEqual([]);
  });
});
