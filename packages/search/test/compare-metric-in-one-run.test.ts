import { initializeDatabase, type Database, type ItemInput } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// A metric only run A scores ("solo") got no verdict, and all a reader could tell was that no item had its score in
// both runs, "the task failed, or the metric errored, in A or B": nothing had failed. The comparison now says which
// run does not score the metric at all, kept through the cache and flipped with the runs.
describe('comparisons of a metric that one run does not score', () => {
  const database = useEmptyDatabase('sqlite');
  let db: Database;
  let engine: RunSearchEngine;
  let a: string;
  let b: string;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    const items = (scores: (i: number) => Record<string, number>): ItemInput[] =>
      Array.from({ length: 10 }, (_, i) => ({ itemId: `q${i}`, status: 'completed', scores: scores(i) }));
    a = (await db.runs.importRun({ name: 'A', status: 'completed', metricsUsed: ['exact_match', 'solo'] }, items((i) => ({ exact_match: i % 2, solo: 0.5 })))).id;
    b = (await db.runs.importRun({ name: 'B', status: 'completed', metricsUsed: ['exact_match'] }, items((i) => ({ exact_match: i % 3 ? 1 : 0 })))).id;
  });
  afterAll(() => db?.close());

  it('names the run that does not score the metric, computed, cached and flipped', async () => {
    const fresh = await engine.compareRuns(a, b);
    expect(fresh.fromCache).toBe(false);
    expect(fresh.metrics.find((m) => m.metric === 'solo')).toMatchObject({ pairs: 0, verdict: 'insufficient_data', notScoredIn: 'B' });
    expect(fresh.metrics.find((m) => m.metric === 'exact_match')).not.toHaveProperty('notScoredIn');
    const cached = await engine.compareRuns(a, b);
    expect(cached.fromCache).toBe(true);
    expect(cached.metrics.find((m) => m.metric === 'solo')).toMatchObject({ notScoredIn: 'B' });
    const flipped = await engine.compareRuns(b, a);
    expect(flipped.fromCache).toBe(true);
    expect(flipped.metrics.find((m) => m.metric === 'solo')).toMatchObject({ notScoredIn: 'A' });
  });

  it('names both runs for a metric neither scores (asked for by name)', async () => {
    const r = await engine.compareRuns(a, b, { metrics: ['exact_match', 'nowhere'] });
    expect(r.metrics.find((m) => m.metric === 'nowhere')).toMatchObject({ pairs: 0, notScoredIn: 'both' });
  });
});
