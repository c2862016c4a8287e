import { knownDurationSeconds, type CreateRunInput, type Database, type RunRecord } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// listRuns' minDurationSeconds / maxDurationSeconds (the API's and `runs list`'s duration filters): a run whose
// duration is not known (knownDurationSeconds null) stores the column's default 0, or a placeholder, not a duration.
// Compared as that number, `maxDurationSeconds: 10` listed every never-measured run as a run of 0 s, and a stale
// placeholder met a minimum. Such a run meets no duration bound; a run that did take 0 s meets the bounds 0 s meets.
describe.each(DATABASE_KINDS)('duration filters leave out runs of unknown duration, on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  const at = new Date(Date.UTC(2026, 10, 1, 12, 0, 0));
  const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);
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

  /** The runs with a known duration within the bounds, by name. */
  function expected(min: number | undefined, max: number | undefined): string[] {
    return stored
      .filter((r) => {
        const seconds = knownDurationSeconds(r);
        return seconds !== null && (min === undefined || seconds >= min) && (max === undefined || seconds <= max);
      })
      .map((r) => r.name)
      .sort();
  }

  async function listed(min: number | undefined, max: number | undefined): Promise<{ names: string[]; total: number }> {
    const page = await db.runs.listRuns({
      ...(min === undefined ? {} : { minDurationSeconds: min }),
      ...(max === undefined ? {} : { maxDurationSeconds: max }),
      limit: 100,
    });
    return { names: page.runs.map((r) => r.name).sort(), total: page.total };
  }

  it('the fixture is what it says: which runs have a known duration', () => {
    expect(stored.map((r) => [r.name, knownDurationSeconds(r) !== null])).toEqual(RUNS.map((r) => [r.name, r.known]));
  });

  it('a maximum takes the real 0 s run and no run of unknown duration', async () => {
    expect(await listed(undefined, 10)).toEqual({ names: ['cancelled-closed', 'instant', 'short'], total: 3 });
    expect(await listed(undefined, 0)).toEqual({ names: ['instant'], total: 1 });
  });

  it('a minimum takes no run of unknown duration, whatever it stores', async () => {
    expect(await listed(0, undefined)).toEqual({ names: expected(0, undefined), total: 5 });
    expect(await listed(40, undefined)).toEqual({ names: ['imported', 'long'], total: 2 });
  });

  it.each([
    [0, 0],
    [0, 1000],
    [3, 45],
    [46, 119],
  ])('both bounds (%d s to %d s) take only runs of known duration between them', async (min, max) => {
    const result = await listed(min, max);
    expect(result.names).toEqual(expected(min, max));
    expect(result.total).toBe(result.names.length);
  });

  it('keeps the sort: a duration filter sorted by duration walks the known runs only, in both directions', async () => {
    const names = async (direction: 'asc' | 'desc') =>
      (await db.runs.listRuns({ maxDurationSeconds: 1000, sort: 'durationSeconds', direction, limit: 2 })).runs.map((r) => r.name);
    expect(await names('asc')).toEqual(['instant', 'short']);
    expect(await names('desc')).toEqual(['long', 'imported']);
  });
});
