import type { ItemInput } from '../src';
import { ValidationError } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

const NUL = 'key\u0000missing \\u0000 "quoted" \uFDD0 \\n';
const LONG = `${'x'.repeat(600)} tail`;

/** Items in order: each takes its scores from one entry (as metric-error-counts.test.ts). */
const SCORES: Array<Record<string, unknown>> = [
  { 'acc.v2': { error: 'second' }, 'f-1': 0.5, plain: { error: NUL } },
  { 'acc.v2': { error: 'first' }, 'f-1': { error: 'dash' } },
  { 'acc.v2': { error: 'first' }, plain: { error: LONG } },
  { 'acc.v2': { error: 'second' }, plain: { error: NUL } },
  { 'acc.v2': 1, plain: { error: 'once' } },
  { 'acc.v2': { error: 'third' }, 'acc\u0000nul': { error: 'under a NUL name' }, 'a"b': { error: 'under a quote' } },
];

// `runs show` asked storage for each failing metric's errors, one query per metric, and each query parsed every item's
// scores (which hold every metric): a run of 3,000 failing metrics took seconds of CPU and grew as metrics². Storage
// now counts every metric's errors of a run in one query, with the same answer per metric as metricErrorCounts.
describe.each(DATABASE_KINDS)('metricErrorCountsByMetric on %s', (kind) => {
  const t = useMigratedDatabase(kind);
  let runId = '';

  beforeAll(async () => {
    runId = (await t.db.runs.createRun({ name: 'errors', metricsUsed: ['acc.v2', 'f-1', 'plain'] })).id;
    const items: ItemInput[] = SCORES.map((scores, i) => ({ itemId: `q${i}`, status: 'completed', scores: scores as ItemInput['scores'] }));
    await t.db.runs.addItems(runId, items);
    // Another run's errors are not this one's.
    const other = (await t.db.runs.createRun({ name: 'other' })).id;
    await t.db.runs.addItems(other, [{ itemId: 'q0', status: 'completed', scores: { 'acc.v2': { error: 'elsewhere' }, gone: { error: 'x' } } }]);
  });

  it('answers for every metric what metricErrorCounts answers for it', async () => {
    for (const limit of [1, 2, 10]) {
      const all = await t.db.runs.metricErrorCountsByMetric(runId, limit);
      expect([...all.keys()].sort()).toEqual(['a"b', 'acc\u0000nul', 'acc.v2', 'f-1', 'plain']);
      for (const metric of ['a"b', 'acc.v2', 'acc\u0000nul', 'f-1', 'plain']) {
        expect(all.get(metric)).toEqual(await t.db.runs.metricErrorCounts(runId, metric, limit));
      }
    }
    expect((await t.db.runs.metricErrorCountsByMetric(runId, 10)).get('acc.v2')).toEqual([
      { message: 'second', count: 2 },
      { message: 'first', count: 2 },
      { message: 'third', count: 1 },
    ]);
  });

  it('has none for an unknown run, and refuses a limit that is not a whole number from 1', async () => {
    expect((await t.db.runs.metricErrorCountsByMetric('00000000-0000-4000-8000-000000000000', 10)).size).toBe(0);
    expect((await t.db.runs.metricErrorCountsByMetric('not a run id', 10)).size).toBe(0);
    for (const limit of [0, 1.5, Number.POSITIVE_INFINITY]) {
      await expect(t.db.runs.metricErrorCountsByMetric(runId, limit)).rejects.toBeInstanceOf(ValidationError);
    }
  });

  it('issues as many queries for a run of 300 failing metrics as for one of 3', async () => {
    const queriesFor = async (metrics: number): Promise<number> => {
      const names = Array.from({ length: metrics }, (_, i) => `m${i}`);
      const id = (await t.db.runs.createRun({ name: `${metrics} failing`, metricsUsed: names })).id;
      await t.db.runs.addItems(
        id,
        Array.from({ length: 4 }, (_, i) => ({ itemId: `i${i}`, status: 'completed' as const, scores: Object.fromEntries(names.map((n) => [n, { error: `bad ${i % 2}` }])) })),
      );
      const logged = jest.spyOn(t.db.dataSource.logger, 'logQuery');
      try {
        const counted = await t.db.runs.metricErrorCountsByMetric(id, 10);
        expect(counted.size).toBe(metrics);
        expect(counted.get(`m${metrics - 1}`)).toEqual([
          { message: 'bad 0', count: 2 },
          { message: 'bad 1', count: 2 },
        ]);
        return logged.mock.calls.length;
      } finally {
        logged.mockRestore();
      }
    };
    const few = await queriesFor(3);
    expect(few).toBeGreaterThan(0);
    expect(await queriesFor(300)).toBe(few);
  });
});
