import { itemIdText } from './item-cells';

// Item ids that differ only in whitespace printed alike ("q1", "q1 ", "q1\t", "q1\u00a0", "q1\u2028" all as "q1"), so
// `runs items` and the compare tables showed two items as one.
describe('itemIdText', () => {
  it('shows an id whose whitespace a cell would lose quoted, every whitespace but the space escaped', () => {
    const ids = ['q1', 'q1 ', ' q1', 'q1\t', 'q1\u00a0', 'q1\u2028', 'q1  x', 'q1\nx'];
    const shown = ids.map((id) => itemIdText(id, 24));
    expect(shown).toEqual(['q1', '"q1 "', '" q1"', '"q1\\t"', '"q1\\u00a0"', '"q1\\u2028"', '"q1  x"', '"q1\\nx"']);
    expect(new Set(shown).size).toBe(ids.length);
  });

  it('leaves an id with single spaces between words as it is, and cuts a long one', () => {
    expect(itemIdText('case 12 b', 24)).toBe('case 12 b');
    expect(itemIdText(`${'x'.repeat(30)} `, 10)).toBe(`"${'x'.repeat(8)}…`);
  });
});
