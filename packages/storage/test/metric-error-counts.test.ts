import { ValidationError, type ItemInput } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

const NUL = 'key\u0000missing \\u0000 "quoted" \uFDD0 \\n';
const LONG = `${'x'.repeat(600)} tail`;

/** Items in order: each takes its scores from one entry. */
const SCORES: Array<Record<string, unknown>> = [
  { 'acc.v2': { error: 'second' }, 'f-1': 0.5, plain: { error: NUL } },
  { 'acc.v2': { error: 'first' }, 'f-1': { error: 'dash' } },
  { 'acc.v2': { error: 'first' }, plain: { error: LONG } },
  { 'acc.v2': { error: 'second' }, plain: { error: NUL } },
  { 'acc.v2': 1, plain: { error: 'once' } },
  { 'acc.v2': { error: 'third' }, 'acc\u0000nul': { error: 'under a NUL name' } },
];

// The errors of a metric in a run were counted by SQL in the CLI (runs show); storage counts them now, by the same
// query: most frequent first, ties by the item seen first, messages decoded, names with dots, dashes or NUL found.
describe.each(DATABASE_KINDS)('metricErrorCounts on %s', (kind) => {
  const t = useMigratedDatabase(kind);
  let runId = '';

  beforeAll(async () => {
    runId = (await t.db.runs.createRun({ name: 'errors', metricsUsed: ['acc.v2', 'f-1', 'plain'] })).id;
    const items: ItemInput[] = SCORES.map((scores, i) => ({ itemId: `q${i}`, status: 'completed', scores: scores as ItemInput['scores'] }));
    await t.db.runs.addItems(runId, items);
    // Another run's errors are not this one's.
    const other = (await t.db.runs.createRun({ name: 'other' })).id;
    await t.db.runs.addItems(other, [{ itemId: 'q0', status: 'completed', scores: { 'acc.v2': { error: 'third' } } }]);
  });

  it('counts a metric named with a dot, most frequent first, ties by the first item', async () => {
    expect(await t.db.runs.metricErrorCounts(runId, 'acc.v2', 10)).toEqual([
      { message: 'second', count: 2 },
      { message: 'first', count: 2 },
      { message: 'third', count: 1 },
    ]);
  });

  it('keeps the `limit` most frequent', async () => {
    expect(await t.db.runs.metricErrorCounts(runId, 'acc.v2', 1)).toEqual([{ message: 'second', count: 2 }]);
  });

  it('returns messages whole and exactly as given (NUL, U+FDD0, backslashes, quotes)', async () => {
    expect(await t.db.runs.metricErrorCounts(runId, 'plain', 10)).toEqual([
      { message: NUL, count: 2 },
      { message: LONG, count: 1 },
      { message: 'once', count: 1 },
    ]);
  });

  it('finds metrics named with a dash or a NUL, and skips scores that are numbers', async () => {
    expect(await t.db.runs.metricErrorCounts(runId, 'f-1', 10)).toEqual([{ message: 'dash', count: 1 }]);
    expect(await t.db.runs.metricErrorCounts(runId, 'acc\u0000nul', 10)).toEqual([{ message: 'under a NUL name', count: 1 }]);
  });

  it('has none for an unknown metric or run, or a name without a JSON path', async () => {
    expect(await t.db.runs.metricErrorCounts(runId, 'acc', 10)).toEqual([]);
    expect(await t.db.runs.metricErrorCounts('00000000-0000-4000-8000-000000000000', 'acc.v2', 10)).toEqual([]);
    expect(await t.db.runs.metricErrorCounts(runId, 'a"b', 10)).toEqual([]);
  });

  it('refuses a limit that is not a whole number from 1', async () => {
    for (const limit of [0, 1.5, Number.POSITIVE_INFINITY]) {
      await expect(t.db.runs.metricErrorCounts(runId, 'acc.v2', limit)).rejects.toBeInstanceOf(ValidationError);
    }
  });
});
