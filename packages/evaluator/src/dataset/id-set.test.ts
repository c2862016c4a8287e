import { IdSet } from './id-set';

describe('IdSet', () => {
  it('says whether an id was new, exactly, across growth of its table and arena', () => {
    const set = new IdSet();
    for (let i = 0; i < 50_000; i++) expect(set.add(`q${i}`)).toBe(true);
    for (let i = 0; i < 50_000; i += 997) expect(set.add(`q${i}`)).toBe(false);
    expect(set.add('q50000')).toBe(true);
    expect(set.size).toBe(50_001);
  });

  it('tells apart ids that differ only in length, case or one non-ASCII character, and the empty id', () => {
    const set = new IdSet();
    const ids = ['a', 'aa', 'A', 'é', 'e\u0301', '😀', '😁', '', 'x'.repeat(255), 'x'.repeat(254)];
    for (const id of ids) expect(set.add(id)).toBe(true);
    for (const id of ids) expect(set.add(id)).toBe(false);
  });

  it('tells apart ids that differ only in a lone surrogate, or in a lone surrogate against U+FFFD', () => {
    // UTF-8 cannot hold a lone surrogate: TextEncoder writes U+FFFD for each, which made these ids one.
    const set = new IdSet();
    const ids = ['a\uD800', 'a\uD801', 'a\uDC00', 'a\uFFFD', '\uD800a', '\uDC00\uD800', '\uD83D\uDE00', '\uD83D', 'a'];
    for (const id of ids) expect(set.add(id)).toBe(true);
    for (const id of ids) expect(set.add(id)).toBe(false);
    expect(set.size).toBe(ids.length);
  });

  it('keeps ids whose hashes collide apart by their bytes', () => {
    // FNV-1a's 32 bits collide somewhere among 200,000 ids (birthday bound ≈ 77,000): every id is still new once.
    const set = new IdSet();
    let added = 0;
    for (let i = 0; i < 200_000; i++) if (set.add(`item-${i * 7919}`)) added++;
    expect(added).toBe(200_000);
  });
});
