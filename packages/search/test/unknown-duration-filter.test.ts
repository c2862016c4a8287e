import { initializeDatabase, knownDurationSeconds, type CreateRunInput, type Database, type RunRecord } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// The search's duration conditions ("duration < 60s", "runs longer than 5 minutes") left out only running runs, so
// "duration < 60s" matched a completed run that never had a start time (its stored 0 is no measurement) and a
// cancelled run its writer never finalised. A run of unknown duration (storage's knownDurationSeconds) meets no
// duration condition, negated or not, as in listRuns' duration bounds and the duration sort.
describe.each(DATABASE_KINDS)('duration conditions leave out runs of unknown duration, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  const at = new Date(Date.UTC(2026, 10, 1, 12, 0, 0));
  const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);
  const RUNS: Array<{ name: string; known: boolean; input: Omit<CreateRunInput, 'name'> }> = [
    { name: 'long', known: true, input: { status: 'completed', startedAt: at, completedAt: later(600), durationSeconds: 600 } },
    { name: 'imported', known: true, input: { status: 'completed', durationSeconds: 45 } },
    { name: 'cancelled-closed', known: true, input: { status: 'cancelled', startedAt: at, completedAt: later(7), durationSeconds: 7 } },
    { name: 'instant', known: true, input: { status: 'completed', startedAt: at, completedAt: at, durationSeconds: 0 } },
    { name: 'untimed', known: false, input: { status: 'completed', completedAt: at } },
    { name: 'untimed-failed', known: false, input: { status: 'failed' } },
    { name: 'running', known: false, input: { status: 'running', startedAt: at } },
    { name: 'cancelled-open', known: false, input: { status: 'cancelled', startedAt: at, durationSeconds: 50 } },
    { name: 'cancelled-open-long', known: false, input: { status: 'cancelled', startedAt: at, durationSeconds: 900 } },
  ];
  const stored: RunRecord[] = [];

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    for (const run of RUNS) stored.push(await db.runs.createRun({ name: run.name, ...run.input }));
  });
  afterAll(() => db?.close());

  /** The runs whose known duration meets `test`, by name. */
  const expected = (test: (seconds: number) => boolean) =>
    stored
      .filter((r) => {
        const seconds = knownDurationSeconds(r);
        return seconds !== null && test(seconds);
      })
      .map((r) => r.name)
      .sort();

  const found = async (query: string) => {
    const result = await engine.searchRuns({ query, limit: 100 });
    expect(result.total).toBe(result.runs.length);
    return result.runs.map((r) => r.name).sort();
  };

  it('the fixture is what it says: which runs have a known duration', () => {
    expect(stored.map((r) => [r.name, knownDurationSeconds(r) !== null])).toEqual(RUNS.map((r) => [r.name, r.known]));
  });

  it.each<[string, (seconds: number) => boolean]>([
    ['duration < 60s', (s) => s < 60],
    ['duration <= 0s', (s) => s <= 0],
    ['duration > 5s', (s) => s > 5],
    ['duration >= 0s', (s) => s >= 0],
    ['runs longer than 5 minutes', (s) => s > 300],
    ['runs shorter than 1 minute', (s) => s < 60],
    ['took over 5s and under 10 minutes', (s) => s > 5 && s < 600],
    ['not duration < 60s', (s) => !(s < 60)],
    ['not (duration > 5s)', (s) => !(s > 5)],
    ['duration < 10s or duration > 5 minutes', (s) => s < 10 || s > 300],
  ])('%j matches only runs of known duration', async (query, test) => {
    expect(await found(query)).toEqual(expected(test));
  });
});
