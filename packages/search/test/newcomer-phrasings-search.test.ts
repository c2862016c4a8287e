import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// Ten minutes past three on a Friday afternoon (UTC).
const NOW = new Date('2026-11-27T15:10:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const item = (itemId: string, failed: boolean, exact: number, cost = 0) => ({
  itemId,
  cost,
  status: failed ? ('failed' as const) : ('completed' as const),
  scores: failed ? ({} as Record<string, number>) : { exact_match: exact },
  errorMessage: failed ? 'timeout' : null,
});

/**
 * Phrasings a newcomer tried: "last hour" found no run made minutes ago (it was 14:00–15:00), "runs that have failed
 * items" missed a completed run whose items failed, "cost under 5 dollars" also searched the text "dollars",
 * "success rate > 150%" said nothing, and "top 1e3 by exact_match" searched the text "1e3".
 */
describe.each(DATABASE_KINDS)('newcomer phrasings on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const runs = [
      // Made 5 minutes ago, cost $1.25; two of its three items failed, yet the run completed.
      { name: 'fresh', status: 'completed', createdAt: minutesAgo(5), items: [item('a', true, 0, 1.25), item('b', true, 0), item('c', false, 1)] },
      // Made 3 hours ago, cost $0.50; the run failed, with no item failed.
      { name: 'crashed', status: 'failed', createdAt: minutesAgo(180), items: [item('a', false, 0.5, 0.5)] },
      // Made 2 days ago, cost $7; every item passed.
      { name: 'older', status: 'completed', createdAt: minutesAgo(2 * 24 * 60), items: [item('a', false, 0.25, 7), item('b', false, 0.5)] },
    ] as const;
    for (const { items, ...run } of runs) {
      const stored = await db.runs.importRun({ ...run, startedAt: run.createdAt, metricsUsed: ['exact_match'] }, [...items]);
      ids.set(run.name, stored.id);
    }
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const search = (query: string) => engine.searchRuns({ query, now: NOW, timeZone: 'UTC' });
  const names = async (query: string) => (await search(query)).runs.map((r) => r.name).sort();

  it.each<[string, string[]]>([
    ['last hour', ['fresh']],
    ['in the last hour', ['fresh']],
    ['within the last hour', ['fresh']],
    ['in the last day', ['crashed', 'fresh']],
    ['last day', ['crashed', 'fresh']],
    ['in the last week', ['crashed', 'fresh', 'older']],
  ])('"%s" is a rolling window ending now', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it.each(['runs that have failed items', 'runs with failed items', 'runs with failures', 'runs that have failures', 'runs with errors'])(
    '"%s" finds runs whose items failed, whatever their status',
    async (query) => {
      const found = await search(query);
      expect(found.runs.map((r) => r.name)).toEqual(['fresh']);
      expect(found.explanation).toBe('failed items > 0');
    },
  );

  it.each(['cost under 5 dollars', 'cost under $5', 'cost under 5 usd', 'cost below 500 cents'])('"%s" is a cost in dollars', async (query) => {
    const found = await search(query);
    expect(found.runs.map((r) => r.name).sort()).toEqual(['crashed', 'fresh']);
    expect(found.warnings).toEqual([]);
  });

  it('warns that "success rate > 150%" can match no run', async () => {
    const found = await search('success rate > 150%');
    expect(found.runs).toEqual([]);
    expect(found.warnings).toEqual(['no run has a success rate above 100%, so "success rate > 150%" matches no run']);
  });

  it('reads "top 1e3 by exact_match" as top 1000', async () => {
    const found = await search('top 1e3 by exact_match');
    expect(found.runs.map((r) => r.name)).toEqual(['fresh', 'crashed', 'older']);
    expect(found.explanation).toBe('all runs \u00b7 sorted by exact_match, highest first \u00b7 limit 1000');
    expect(found.warnings).toEqual([]);
  });

  it('answers "failed items" over items, and says how to ask for wrong answers', async () => {
    const failed = await engine.searchItems(ids.get('fresh')!, 'failed items');
    expect(failed.items.map((i) => i.itemId)).toEqual(['a', 'b']);
    const wrong = await engine.searchItems(ids.get('fresh')!, 'wrong answers');
    expect(wrong.warnings).toContain(
      '"wrong" has no one meaning over items: for answers that scored low, write a score condition such as "exact_match < 0.5"; for items whose call errored, "failed items"',
    );
  });
});
