import { initializeDatabase, knownDurationSeconds, type Database, type RunRecord } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// "shortest runs", "longest runs" and sort=durationSeconds (the API and the dashboard): a run whose duration is not
// known (knownDurationSeconds null) stores the column's default 0 or a placeholder, and sorted as that number the
// never-measured runs led "shortest runs". They come last in both directions, as NULLs do, ties by id.
describe.each(DATABASE_KINDS)('runs sorted by duration, unknown durations last, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  const at = new Date(Date.UTC(2026, 10, 1, 12, 0, 0));
  const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);
  const stored: RunRecord[] = [];

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    const runs: Array<Parameters<Database['runs']['createRun']>[0]> = [
      { name: 'long', status: 'completed', startedAt: at, completedAt: later(120), durationSeconds: 120 },
      { name: 'imported', status: 'completed', durationSeconds: 45 },
      { name: 'short', status: 'completed', startedAt: at, completedAt: later(3), durationSeconds: 3 },
      { name: 'instant', status: 'completed', startedAt: at, completedAt: at, durationSeconds: 0 },
      { name: 'untimed', status: 'completed', completedAt: at },
      { name: 'running-stale', status: 'running', startedAt: at, durationSeconds: 999 },
      { name: 'cancelled-open', status: 'cancelled', startedAt: at, durationSeconds: 50 },
    ];
    for (const run of runs) stored.push(await db.runs.createRun(run));
  });
  afterAll(() => db?.close());

  const byId = (a: RunRecord, b: RunRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  function expected(direction: 'asc' | 'desc'): string[] {
    const sign = direction === 'asc' ? 1 : -1;
    const known = stored.filter((r) => knownDurationSeconds(r) !== null).sort((a, b) => sign * (a.durationSeconds - b.durationSeconds || byId(a, b)));
    const unknown = stored.filter((r) => knownDurationSeconds(r) === null).sort((a, b) => sign * byId(a, b));
    return [...known, ...unknown].map((r) => r.name);
  }

  it('"shortest runs" and "longest runs" end with the runs of unknown duration', async () => {
    const shortest = (await engine.searchRuns({ query: 'shortest runs' })).runs.map((r) => r.name);
    expect(shortest.slice(0, 4)).toEqual(['instant', 'short', 'imported', 'long']);
    expect(shortest).toEqual(expected('asc'));
    const longest = (await engine.searchRuns({ query: 'longest runs' })).runs.map((r) => r.name);
    expect(longest.slice(0, 4)).toEqual(['long', 'imported', 'short', 'instant']);
    expect(longest).toEqual(expected('desc'));
  });

  it.each(['asc', 'desc'] as const)('%s: pages of 1, 2 and 3 walk the same order through their cursors', async (direction) => {
    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const result = await engine.searchRuns({ sort: { field: 'durationSeconds', direction }, limit, cursor });
        seen.push(...result.runs.map((r) => r.name));
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      expect(seen).toEqual(expected(direction));
    }
  });

  it('keeps a query filter: completed runs shortest first, the untimed one last', async () => {
    const page = await engine.searchRuns({ query: 'shortest completed runs' });
    expect(page.runs.map((r) => r.name)).toEqual(['instant', 'short', 'imported', 'long', 'untimed']);
  });
});
