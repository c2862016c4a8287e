import type { Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

/** listRuns sorted by total tokens and total cost: every run once, in order, through keyset pages of any size. */
describe.each(DATABASE_KINDS)('sorting runs by tokens and cost on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  const runs: Array<{ id: string; totalTokens: number; totalCost: number }> = [];
  // Ties (5 tokens three times, cost 0.5 twice, zeros), a total past PostgreSQL's integer, and a tiny cost.
  const totals: Array<[number, number]> = [
    [5, 0.5],
    [5, 0.5],
    [0, 0],
    [100, 1e-9],
    [3_000_000_000, 12.25],
    [5, 0.25],
    [0, 7],
  ];

  beforeAll(async () => {
    db = testDb.db;
    for (const [i, [totalTokens, totalCost]] of totals.entries()) {
      const run = await db.runs.createRun({ name: `sort-${i}`, status: 'completed', totalTokens, totalCost });
      runs.push({ id: run.id, totalTokens, totalCost });
    }
  });

  /** Every page of listRuns(sort, direction) at `limit` runs a page, concatenated. */
  async function walk(sort: 'totalTokens' | 'totalCost', direction: 'asc' | 'desc', limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await db.runs.listRuns({ sort, direction, limit, cursor });
      seen.push(...result.runs.map((r) => r.id));
      if (!result.nextCursor) return seen;
      cursor = result.nextCursor;
    }
    throw new Error('listRuns never ran out of pages');
  }

  const expected = (sort: 'totalTokens' | 'totalCost', direction: 'asc' | 'desc') => {
    const sign = direction === 'asc' ? 1 : -1;
    return [...runs]
      .sort((a, b) => sign * (a[sort] - b[sort] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
      .map((r) => r.id);
  };

  it.each([
    ['totalTokens', 'desc'],
    ['totalTokens', 'asc'],
    ['totalCost', 'desc'],
    ['totalCost', 'asc'],
  ] as const)('by %s %s, through pages of 1, 2 and 50', async (sort, direction) => {
    const want = expected(sort, direction);
    for (const limit of [1, 2, 50]) expect(await walk(sort, direction, limit)).toEqual(want);
  });

  it('reads back the totals it sorted by', async () => {
    const top = (await db.runs.listRuns({ sort: 'totalTokens', direction: 'desc', limit: 1 })).runs[0]!;
    expect(top.totalTokens).toBe(3_000_000_000);
    const cheapest = (await db.runs.listRuns({ sort: 'totalCost', direction: 'asc', limit: 1 })).runs[0]!;
    expect(cheapest.totalCost).toBe(0);
  });

  it('refuses a cursor of another sort', async () => {
    const { nextCursor } = await db.runs.listRuns({ sort: 'totalTokens', direction: 'desc', limit: 1 });
    await expect(db.runs.listRuns({ sort: 'totalCost', direction: 'desc', limit: 1, cursor: nextCursor ?? undefined })).rejects.toThrow(/cursor/i);
  });
});
