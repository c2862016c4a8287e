import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// Item counts are 32-bit integer columns on PostgreSQL and token totals 64-bit: a bound beyond a column's range is
// still a condition (all or nothing), never a parameter the database refuses.
const RUNS = [
  { name: 'small', totalItems: 3, failedItems: 1, totalTokens: 100 },
  { name: 'large', totalItems: 2_147_483_647, failedItems: 2_147_483_647, totalTokens: 9_007_199_254_740_991 },
] as const;

describe.each(DATABASE_KINDS)('count and token bounds beyond the column range on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    for (const [i, run] of RUNS.entries()) {
      await db.runs.createRun({ ...run, status: 'completed', createdAt: new Date(Date.UTC(2026, 0, 1 + i)) });
    }
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const names = async (query: string) => (await engine.searchRuns({ query })).runs.map((r) => r.name).sort();

  it.each([
    ['more than 2147483646 items', ['large']],
    ['more than 2147483647 items', []],
    ['more than 2147483648 items', []],
    ['not more than 2147483648 items', ['large', 'small']],
    ['fewer than 2147483648 items', ['large', 'small']],
    ['fewer than 5000000000 items', ['large', 'small']],
    ['5000000000 items', []],
    ['2147483647 items', ['large']],
    ['5000000000 failures or more', []],
    ['2147483647 failures or more', ['large']],
    ['fewer than 5000000000 failures', ['large', 'small']],
    ['more than -5000000000 items', ['large', 'small']],
    ['more than 2.5 items', ['large', 'small']],
    ['fewer than 3.5 items', ['small']],
    ['at most 2.9 items', []],
    ['tokens over 1e19', []],
    ['tokens over 9e15', ['large']],
    ['tokens under 1e19', ['large', 'small']],
    ['not tokens under 1e19', []],
    ['tokens over 9223372036854775807', []],
  ])('%s', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });
});
