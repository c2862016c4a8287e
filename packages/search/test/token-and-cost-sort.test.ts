import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// Token totals beyond 32 bits (a bigint column on PostgreSQL) and costs that are not whole numbers.
const RUNS = [
  { name: 'a', totalTokens: 12_000, totalCost: 0.25, status: 'completed' },
  { name: 'b', totalTokens: 7_000_000_000, totalCost: 3.5, status: 'failed' },
  { name: 'c', totalTokens: 0, totalCost: 0, status: 'completed' },
  { name: 'd', totalTokens: 900, totalCost: 0.125, status: 'completed' },
  { name: 'e', totalTokens: 40_000, totalCost: 12.75, status: 'failed' },
  { name: 'f', totalTokens: 5_000_000_000, totalCost: 1.5, status: 'completed' },
] as const;

describe.each(DATABASE_KINDS)('sorting runs by tokens and cost on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    for (const [i, run] of RUNS.entries()) {
      await db.runs.createRun({ ...run, createdAt: new Date(Date.UTC(2026, 0, 1 + i)) });
    }
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const names = async (query: string) => (await engine.searchRuns({ query })).runs.map((r) => r.name);

  it.each([
    ['top 3 by tokens', ['b', 'f', 'e']],
    ['most tokens', ['b', 'f', 'e', 'a', 'd', 'c']],
    ['fewest tokens', ['c', 'd', 'a', 'e', 'f', 'b']],
    ['most expensive 2', ['e', 'b']],
    ['3 cheapest runs', ['c', 'd', 'a']],
    ['failed runs by cost', ['e', 'b']],
  ])('%s', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it('pages through a cost order with the cursor, each run once', async () => {
    const first = await engine.searchRuns({ query: 'by cost', limit: 4 });
    expect(first.total).toBe(RUNS.length);
    const rest = await engine.searchRuns({ query: 'by cost', limit: 4, cursor: first.nextCursor! });
    expect([...first.runs, ...rest.runs].map((r) => r.name)).toEqual(['e', 'b', 'f', 'a', 'd', 'c']);
    expect(rest.nextCursor).toBeNull();
  });

  it('pages through a token order past 32-bit totals', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await engine.searchRuns({ query: 'most tokens', limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.runs.map((r) => r.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['b', 'f', 'e', 'a', 'd', 'c']);
  });

  it('counts every matching run in the total of a capped limit, and serves them all', async () => {
    const result = await engine.searchRuns({ query: 'slowest 5000' });
    expect(result.warnings).toEqual(['limit 5000 capped at 1000']);
    expect(result.total).toBe(RUNS.length);
    expect(result.runs).toHaveLength(RUNS.length);
    expect(result.nextCursor).toBeNull();
  });

  it('caps a limit too large for a small number instead of searching for it as text', async () => {
    const result = await engine.searchRuns({ query: 'slowest 99999999999' });
    expect(result.filter).toBeNull();
    expect(result.warnings).toEqual(['limit 99999999999 capped at 1000']);
    expect(result.total).toBe(RUNS.length);
    expect(result.runs).toHaveLength(RUNS.length);
  });
});
