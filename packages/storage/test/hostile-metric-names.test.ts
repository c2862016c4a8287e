import { RunStatsAccumulator } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

const NAMES = ['acc\u0000uracy', 'acc\uFDD0uracy'];

// The statistics of a run keyed scores by the stored (encoded) metric name, as items are read back, and inserting the
// metric rows encoded that name again: a metric named with NUL or U+FDD0 got two rows, an empty one for metricsUsed and
// one with the scores under a twice-encoded name that no search or getRun could name.
describe.each(DATABASE_KINDS)('metric names with NUL or U+FDD0 on %s', (kind) => {
  const t = useMigratedDatabase(kind);

  const items = [{ itemId: 'q1', status: 'completed' as const, scores: Object.fromEntries(NAMES.map((n) => [n, 0.95])) }];
  const live = async () => (await t.db.runs.createRun({ name: 'live', metricsUsed: NAMES })).id;

  it.each([
    ['importRun', async () => (await t.db.runs.importRun({ name: 'import', metricsUsed: NAMES, status: 'completed' }, items)).id],
    [
      'addItems then finalizeRun (statistics read back from the items)',
      async () => {
        const id = await live();
        await t.db.runs.addItems(id, items);
        await t.db.runs.finalizeRun(id, { status: 'completed' });
        return id;
      },
    ],
    [
      'addItems then storeRunStatistics (statistics of the items as given)',
      async () => {
        const id = await live();
        await t.db.runs.addItems(id, items);
        const accumulator = new RunStatsAccumulator();
        for (const item of items) accumulator.addItem(item);
        await t.db.runs.storeRunStatistics(id, accumulator, { status: 'completed' });
        return id;
      },
    ],
  ])('%s stores one metric row per name, with its scores, under the name as given', async (_, store) => {
    const id = await store();
    const run = (await t.db.runs.getRun(id))!;
    expect(run.metrics.map((m) => [m.metricName, m.mean]).sort()).toEqual(NAMES.map((n) => [n, 0.95]).sort());
  });
});
