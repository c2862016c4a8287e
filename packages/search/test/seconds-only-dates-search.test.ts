import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine, SearchError } from '../src';

// A run another tool stored at "2026-03-29 00:00:00" (SQLite text without milliseconds, the column default's form) was
// compared with "2026-03-29 00:00:00.000" as text: "on 2026-03-29" and a trend since that midnight left it out, and
// "on 2026-03-28" found it. A trend since before year 1 failed on PostgreSQL ("timestamp out of range").
describe.each(DATABASE_KINDS)('run dates without milliseconds on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    for (const [name, at, score] of [['midnight', '2026-03-29 00:00:00', 1], ['before-midnight', '2026-03-28 23:59:59', 0]] as const) {
      const run = await db.runs.importRun({ name, status: 'completed', metricsUsed: ['acc'] }, [{ itemId: 'a', scores: { acc: score } }]);
      // Raw SQL, as another tool writes the row.
      const [sql, value] = kind === 'sqlite' ? ['UPDATE "evaluation_runs" SET "created_at" = ? WHERE "id" = ?', at] : ['UPDATE "evaluation_runs" SET "created_at" = $1 WHERE "id" = $2', `${at}+00`];
      await db.dataSource.query(sql, [value, run.id]);
    }
  });
  afterAll(() => db?.close());

  const found = async (query: string) =>
    (await engine.searchRuns({ query, timeZone: 'UTC', now: new Date('2026-04-10T12:00:00Z') })).runs.map((r) => r.name);

  it('finds the run on its own day', async () => {
    expect(await found('on 2026-03-29')).toEqual(['midnight']);
    expect(await found('on 2026-03-28')).toEqual(['before-midnight']);
  });

  it('counts the run in a trend from its midnight', async () => {
    const points = await engine.getMetricTrend({ metric: 'acc', since: new Date('2026-03-29T00:00:00Z') });
    expect(points.map((p) => [p.bucket.toISOString().slice(0, 10), p.runs, p.mean])).toEqual([['2026-03-29', 1, 1]]);
  });

  it('refuses a trend since before year 1 or after 9999 as an error of its own, not the database', async () => {
    const yearMinus4 = new Date('2000-01-01T00:00:00Z');
    yearMinus4.setUTCFullYear(-4);
    for (const since of [yearMinus4, new Date(-3_000_000_000_000_000), new Date('+010000-01-01T00:00:00Z')]) {
      const error = await engine.getMetricTrend({ metric: 'acc', since }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SearchError);
      expect((error as Error).message).toMatch(/"since" must be a valid date in the years 1 to 9999/);
    }
  });
});
