import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { InvalidSortError, RunSearchEngine } from '../src';

// A run without items has no success rate (its stored 0 says nothing), an unfinished run no duration (its stored 0 is
// a placeholder), and a query's own limit is the most a search returns, so the total it reports.
describe.each(DATABASE_KINDS)('runs without items, unfinished runs and query limits on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  let empty: string;
  let halfFailed: string;
  let allPassed: string;
  let running: string;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    const items = (failed: number, passed: number) => [
      ...Array.from({ length: failed }, (_, i) => ({ itemId: `f${i}`, status: 'failed' as const, error: 'boom', scores: {}, responseTime: 1 })),
      ...Array.from({ length: passed }, (_, i) => ({ itemId: `p${i}`, scores: { f1: 0.5 }, responseTime: 2 })),
    ];
    const store = async (name: string, status: 'completed' | 'running', list: ReturnType<typeof items>, durationSeconds: number) =>
      (await db.runs.importRun({ name, status, durationSeconds, metricsUsed: ['f1'] }, list)).id;
    empty = await store('empty', 'completed', [], 3);
    halfFailed = await store('half-failed', 'completed', items(2, 2), 10);
    allPassed = await store('all-passed', 'completed', items(0, 4), 8);
    running = await store('running', 'running', items(0, 4), 0);
  });
  afterAll(() => db?.close());

  const names = async (options: Parameters<RunSearchEngine['searchRuns']>[0]) =>
    (await engine.searchRuns({ limit: 100, ...options })).runs.map((r) => r.name).sort();

  it('matches no run without items by a success-rate condition, negated or not, in the query or the structured filters', async () => {
    expect(await names({ query: 'success rate below 10%' })).toEqual([]);
    expect(await names({ query: 'success rate below 60%' })).toEqual(['half-failed']);
    expect(await names({ query: 'not success rate above 60%' })).toEqual(['half-failed']);
    expect(await names({ maxSuccessRate: 0.1 })).toEqual([]);
    expect(await names({ minSuccessRate: 0 })).toEqual(['all-passed', 'half-failed', 'running']);
    expect((await engine.searchRuns({ maxSuccessRate: 0.6 })).total).toBe(1);
  });

  it('leaves runs without items out of the success-rate trend', async () => {
    const points = await engine.getMetricTrend({ metric: 'success_rate' });
    expect(points.map((p) => ({ mean: p.mean, runs: p.runs }))).toEqual([{ mean: 0.75, runs: 2 }]);
  });

  it('compares a run without items with no success rate, and an unfinished run with no duration', async () => {
    const withEmpty = await engine.compareRuns(empty, halfFailed);
    expect(withEmpty.summary.successRate).toEqual({ a: null, b: 0.5, absolute: null, relative: null });
    expect(withEmpty.summary.durationSeconds).toEqual({ a: 3, b: 10, absolute: 7, relative: 7 / 3 });
    const withRunning = await engine.compareRuns(allPassed, running);
    expect(withRunning.summary.durationSeconds).toEqual({ a: 8, b: null, absolute: null, relative: null });
    expect(withRunning.summary.successRate).toEqual({ a: 1, b: 1, absolute: 0, relative: 0 });
    // The flipped pair (served from the same cache entry) says the same.
    expect((await engine.compareRuns(running, allPassed)).summary.durationSeconds).toEqual({ a: null, b: 8, absolute: null, relative: null });
  });

  it("reports as total at most the query's own limit, for runs and for items, on every page", async () => {
    const latest = await engine.searchRuns({ query: 'latest 3' });
    expect({ served: latest.runs.length, total: latest.total }).toEqual({ served: 3, total: 3 });
    const paged = await engine.searchRuns({ query: 'latest 3', limit: 2 });
    expect(paged.total).toBe(3);
    const next = await engine.searchRuns({ query: 'latest 3', limit: 2, cursor: paged.nextCursor! });
    expect({ served: next.runs.length, total: next.total, nextCursor: next.nextCursor }).toEqual({ served: 1, total: 3, nextCursor: null });
    expect((await engine.searchRuns({ query: 'latest 10' })).total).toBe(4);
    const slowest = await engine.searchItems(halfFailed, 'slowest 1', { limit: 50 });
    expect({ served: slowest.items.length, total: slowest.total }).toEqual({ served: 1, total: 1 });
    expect((await engine.searchItems(halfFailed, 'slowest 20')).total).toBe(4);
  });

  it('refuses a metric sort that reads as a misspelt direction, and warns of a metric no run has', async () => {
    await expect(engine.searchRuns({ sort: { field: 'metric', metric: 'f1:up', direction: 'desc' } })).rejects.toThrow(InvalidSortError);
    const unknown = await engine.searchRuns({ sort: { field: 'metric', metric: 'f2', direction: 'desc' } });
    expect({ runs: unknown.runs.length, warnings: unknown.warnings }).toEqual({ runs: 0, warnings: ['no run has the metric "f2"; did you mean "f1"?'] });
    const known = await engine.searchRuns({ sort: { field: 'metric', metric: 'f1', direction: 'asc' } });
    expect({ runs: known.runs.length, warnings: known.warnings }).toEqual({ runs: 3, warnings: [] });
  });
});
