import { describe, expect, it } from 'vitest';
import { itemCountText, itemOrderText, itemTotal, noItemsText, type ItemCounts } from './itemCount';

const counts = (over: Partial<ItemCounts>): ItemCounts => ({ improved: 0, regressed: 0, unchanged: 0, withoutScore: 0, onlyInA: 0, onlyInB: 0, ...over });

describe('itemCountText', () => {
  it('names paired items and items of one run apart: all of both runs are not "paired"', () => {
    const c = counts({ unchanged: 50, onlyInB: 99_950 });
    expect(itemCountText(c, { changed: false })).toBe('50 paired items, 99,950 only in B');
    expect(itemTotal(c, { changed: false })).toBe(100_000);
    expect(itemCountText(counts({ improved: 1, regressed: 2, unchanged: 3, onlyInA: 4 }), { changed: false })).toBe('6 paired items, 4 only in A');
    expect(itemCountText(counts({ unchanged: 1 }), { changed: false })).toBe('1 paired item');
  });

  it('counts paired items without a score in A or B among the paired items, named apart from the unchanged', () => {
    const c = counts({ improved: 9, withoutScore: 1 });
    expect(itemCountText(c, { changed: false })).toBe('10 paired items (1 without a score in A or B)');
    expect(itemTotal(c, { changed: false })).toBe(10);
    expect(itemCountText(c, { changed: true })).toBe('9 changed items');
  });

  it('counts the changed items, or the one list shown', () => {
    const c = counts({ improved: 3, regressed: 1, unchanged: 7, onlyInA: 1, onlyInB: 2 });
    expect(itemCountText(c, { changed: true })).toBe('4 changed items');
    expect(itemTotal(c, { changed: true })).toBe(4);
    expect(itemCountText(c, { only: 'regressed', changed: false })).toBe('1 regressed item');
    expect(itemCountText(c, { only: 'improved', changed: false })).toBe('3 improved items');
    expect(itemCountText(c, { only: 'onlyInA', changed: false })).toBe('1 item only in A');
    expect(itemCountText(c, { only: 'onlyInB', changed: false })).toBe('2 items only in B');
    expect(itemTotal(c, { only: 'onlyInB', changed: false })).toBe(2);
  });

  it('says what is missing when the list is empty', () => {
    expect(noItemsText({ changed: false })).toBe('No items.');
    expect(noItemsText({ changed: true })).toBe('No changed items.');
    expect(noItemsText({ only: 'onlyInB', changed: false })).toBe('No items only in B.');
    expect(noItemsText({ only: 'improved', changed: false })).toBe('No improved items.');
  });
});

describe('itemOrderText', () => {
  const c = counts({ improved: 2, regressed: 3, unchanged: 5, onlyInB: 4 });
  it('says every item is in run A’s order, not ranked, when the list is not sorted by regression', () => {
    expect(itemOrderText(c, { changed: false, regressionFirst: false }, 'exact_match')).toBe('in run A’s order, then the items only in B by id');
    expect(itemOrderText(counts({ unchanged: 5 }), { changed: false, regressionFirst: false }, 'exact_match')).toBe('in run A’s order');
  });

  it('names the ranking metric only for lists that are ranked by it', () => {
    expect(itemOrderText(c, { changed: true, regressionFirst: false }, 'exact_match')).toBe('improved, then regressed, each ranked by exact_match, largest change first');
    expect(itemOrderText(c, { changed: true, regressionFirst: true }, 'exact_match')).toBe('regressed first, then improved, each ranked by exact_match, largest change first');
    expect(itemOrderText(c, { only: 'regressed', changed: false, regressionFirst: false }, 'f1')).toBe('ranked by f1, largest change first');
    expect(itemOrderText(c, { only: 'onlyInA', changed: false, regressionFirst: false }, 'f1')).toBe('by item id');
    expect(itemOrderText(c, { only: 'improved', changed: false, regressionFirst: false }, null)).toBe('largest change first');
  });
});
