import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine, SearchError } from '../src';

// Trend buckets were UTC days whatever zone the caller read dates in: a run created at 22:30 UTC counted for July 1
// when in Berlin it was already July 2. `timeZone` makes them the zone's days and weeks (UTC stays the default).
describe.each(DATABASE_KINDS)('metric trend in a time zone, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    const runs: Array<[string, number]> = [
      ['2026-07-01T10:00:00Z', 0.2],
      ['2026-07-01T18:10:00Z', 0.4], // 23:55 on July 1 in Kathmandu (UTC+05:45)
      ['2026-07-01T18:20:00Z', 0.6], // 00:05 on July 2 in Kathmandu
      ['2026-07-01T22:30:00Z', 1], // 00:30 on July 2 in Berlin
    ];
    for (const [at, score] of runs) {
      await db.runs.importRun({ name: at, status: 'completed', metricsUsed: ['acc'], createdAt: new Date(at) }, [{ itemId: 'a', scores: { acc: score } }]);
    }
  });
  afterAll(() => db?.close());

  const trend = async (timeZone: string | undefined, bucket: 'day' | 'week' = 'day') =>
    (await engine.getMetricTrend({ metric: 'acc', since: new Date('2026-06-01T00:00:00Z'), bucket, ...(timeZone ? { timeZone } : {}) })).map((p) => [
      p.bucket.toISOString().slice(0, 10),
      Number(p.mean.toFixed(6)),
      p.min,
      p.max,
      p.runs,
    ]);

  it('buckets are the days of the zone', async () => {
    expect(await trend(undefined)).toEqual([['2026-07-01', 0.55, 0.2, 1, 4]]);
    expect(await trend('UTC')).toEqual([['2026-07-01', 0.55, 0.2, 1, 4]]);
    expect(await trend('Europe/Berlin')).toEqual([
      ['2026-07-01', 0.4, 0.2, 0.6, 3],
      ['2026-07-02', 1, 1, 1, 1],
    ]);
    expect(await trend('Asia/Kathmandu')).toEqual([
      ['2026-07-01', 0.3, 0.2, 0.4, 2],
      ['2026-07-02', 0.8, 0.6, 1, 2],
    ]);
    expect(await trend('America/New_York')).toEqual([['2026-07-01', 0.55, 0.2, 1, 4]]);
  });

  it('weeks start on the Monday of the zone', async () => {
    // Thursday July 2 is in the week of Monday June 29 everywhere; 10:00 UTC on July 1 is still June 30 in Midway (UTC-11).
    expect(await trend('Pacific/Kiritimati', 'week')).toEqual([['2026-06-29', 0.55, 0.2, 1, 4]]);
    expect(await trend('Pacific/Midway', 'week')).toEqual([['2026-06-29', 0.55, 0.2, 1, 4]]);
  });

  it('an unknown zone is an error', async () => {
    await expect(engine.getMetricTrend({ metric: 'acc', timeZone: 'Mars/Olympus' })).rejects.toThrow(SearchError);
  });
});
