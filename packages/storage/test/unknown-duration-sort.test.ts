import { knownDurationSeconds, type CreateRunInput, type Database, type RunRecord } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// listRuns sorted by durationSeconds: a run whose duration is not known (knownDurationSeconds null: running, a
// cancel nobody finalised, no start time and no duration given) stores the column's default 0, or a placeholder, not a
// duration. Sorted as that number, `--asc` put never-measured runs before every real one. Such runs come last in both
// directions, as a database puts NULLs for "unknown", ties by id in the direction asked.
describe.each(DATABASE_KINDS)('sorting runs by duration, unknown durations last, on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  const at = new Date(Date.UTC(2026, 10, 1, 12, 0, 0));
  const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);
  // Known: 120 s, 45 s imported without a start time, 7 s cancelled and finalised, 3 s, and a real 0 s run.
  // Unknown: no start time and no duration, running (one with a stale 999 stored), a cancel never finalised.
  const RUNS: Array<{ name: string; known: boolean; input: Omit<CreateRunInput, 'name'> }> = [
    { name: 'long', known: true, input: { status: 'completed', startedAt: at, completedAt: later(120), durationSeconds: 120 } },
    { name: 'imported', known: true, input: { status: 'completed', durationSeconds: 45 } },
    { name: 'cancelled-closed', known: true, input: { status: 'cancelled', startedAt: at, completedAt: later(7), durationSeconds: 7 } },
    { name: 'short', known: true, input: { status: 'completed', startedAt: at, completedAt: later(3), durationSeconds: 3 } },
    { name: 'instant', known: true, input: { status: 'completed', startedAt: at, completedAt: at, durationSeconds: 0 } },
    { name: 'untimed', known: false, input: { status: 'completed', completedAt: at } },
    { name: 'running', known: false, input: { status: 'running', startedAt: at } },
    { name: 'running-stale', known: false, input: { status: 'running', startedAt: at, durationSeconds: 999 } },
    { name: 'cancelled-open', known: false, input: { status: 'cancelled', startedAt: at, durationSeconds: 50 } },
  ];
  const stored: RunRecord[] = [];

  beforeAll(async () => {
    db = testDb.db;
    for (const run of RUNS) stored.push(await db.runs.createRun({ name: run.name, ...run.input }));
  });

  const byId = (a: RunRecord, b: RunRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  /** The order a database gives with NULLS LAST: known durations in the direction, then unknown ones by id. */
  function expected(direction: 'asc' | 'desc'): string[] {
    const sign = direction === 'asc' ? 1 : -1;
    const known = stored.filter((r) => knownDurationSeconds(r) !== null);
    const unknown = stored.filter((r) => knownDurationSeconds(r) === null);
    known.sort((a, b) => sign * (a.durationSeconds - b.durationSeconds || byId(a, b)));
    unknown.sort((a, b) => sign * byId(a, b));
    return [...known, ...unknown].map((r) => r.name);
  }

  /** Every page of listRuns sorted by duration at `limit` runs a page, concatenated. */
  async function walk(direction: 'asc' | 'desc', limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await db.runs.listRuns({ sort: 'durationSeconds', direction, limit, cursor });
      expect(result.total).toBe(RUNS.length);
      seen.push(...result.runs.map((r) => r.name));
      if (!result.nextCursor) return seen;
      cursor = result.nextCursor;
    }
    throw new Error('listRuns never ran out of pages');
  }

  it('the fixture is what it says: which runs have a known duration', () => {
    expect(stored.map((r) => [r.name, knownDurationSeconds(r) !== null])).toEqual(RUNS.map((r) => [r.name, r.known]));
  });

  it('puts runs of unknown duration after every known one, descending and ascending', async () => {
    const desc = (await db.runs.listRuns({ sort: 'durationSeconds', direction: 'desc' })).runs.map((r) => r.name);
    expect(desc.slice(0, 5)).toEqual(['long', 'imported', 'cancelled-closed', 'short', 'instant']);
    expect(desc).toEqual(expected('desc'));
    const asc = (await db.runs.listRuns({ sort: 'durationSeconds', direction: 'asc' })).runs.map((r) => r.name);
    expect(asc.slice(0, 5)).toEqual(['instant', 'short', 'cancelled-closed', 'imported', 'long']);
    expect(asc).toEqual(expected('asc'));
  });

  it.each(['desc', 'asc'] as const)('%s: keyset pages of 1, 2, 4 and 50 walk the same order, across the known/unknown boundary', async (direction) => {
    for (const limit of [1, 2, 4, 50]) expect(await walk(direction, limit)).toEqual(expected(direction));
  });

  it.each(['desc', 'asc'] as const)('%s: offset pages give the same order', async (direction) => {
    const seen: string[] = [];
    for (let offset = 0; offset < RUNS.length; offset += 2) {
      seen.push(...(await db.runs.listRuns({ sort: 'durationSeconds', direction, limit: 2, offset })).runs.map((r) => r.name));
    }
    expect(seen).toEqual(expected(direction));
  });

  it('keeps the other filters: a status filter sorted by duration still ends with its unknown runs', async () => {
    const page = await db.runs.listRuns({ sort: 'durationSeconds', direction: 'asc', status: ['completed', 'cancelled'] });
    expect(page.runs.map((r) => r.name)).toEqual(['instant', 'short', 'cancelled-closed', 'imported', 'long', ...expected('asc').filter((n) => n === 'untimed' || n === 'cancelled-open')]);
  });
});
