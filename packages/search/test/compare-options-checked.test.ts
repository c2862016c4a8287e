import { initializeDatabase, type Database } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { ComparisonError, RunSearchEngine, type CompareOptions } from '../src';

// Options that make the statistics meaningless used to be computed with: a NaN confidence gave NaN thresholds and
// every verdict "unchanged", a negative minimum effect let a change smaller than noise count.
describe('comparison options', () => {
  const database = useEmptyDatabase('sqlite');
  let db: Database;
  let engine: RunSearchEngine;
  let a: string;
  let b: string;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    const store = async (name: string, score: (i: number) => number) =>
      (await db.runs.importRun({ name, metricsUsed: ['s'], status: 'completed' }, Array.from({ length: 30 }, (_, i) => ({ itemId: `q${i}`, scores: { s: score(i) } })))).id;
    a = await store('A', (i) => (i % 3) / 10);
    b = await store('B', (i) => (i % 3) / 10 + 0.5);
  });
  afterAll(() => db?.close());

  it.each<[CompareOptions, RegExp]>([
    [{ confidence: NaN }, /"confidence" must be a number between 0 and 1 \(exclusive\), e\.g\. 0\.95, got NaN/],
    [{ confidence: 1 }, /"confidence" .* got 1\./],
    [{ confidence: 95 }, /"confidence" .* got 95\./],
    [{ confidence: '0.9' as unknown as number }, /"confidence" .* got "0\.9"/],
    [{ minEffect: -0.1 }, /"minEffect" must be a finite number >= 0/],
    [{ minEffect: Infinity }, /"minEffect" .* got Infinity/],
    [{ itemLimit: 2.5 }, /"itemLimit" must be a whole number >= 0, got 2\.5/],
    [{ itemLimit: -1 }, /"itemLimit"/],
    [{ metrics: 's' as unknown as string[] }, /"metrics" must be an array of metric names, got "s"/],
    [{ lowerIsBetter: [''] }, /"lowerIsBetter" must be an array of non-empty metric names/],
    [{ primaryMetric: 3 as unknown as string }, /"primaryMetric" must be a metric name, got 3/],
  ])('refuses %p, naming the option and what it must be', async (options, message) => {
    const refusal = engine.compareRuns(a, b, options);
    await expect(refusal).rejects.toThrow(ComparisonError);
    await expect(engine.compareRuns(a, b, options)).rejects.toThrow(message);
  });

  it('accepts sensible values at their edges', async () => {
    const r = await engine.compareRuns(a, b, { confidence: 0.999, minEffect: 0, itemLimit: 0, metrics: ['s'], lowerIsBetter: [], primaryMetric: 's' });
    expect(r.metrics[0]).toMatchObject({ metric: 's', verdict: 'improved' });
    expect(r.items.improved).toEqual([]);
    expect(r.items.counts.improved).toBe(30);
  });
});
