import { ValidationError, type Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// listItems builds a score's JSON path from its metric name. The server and the query parser refused a control
// character in it, the library did not: NUL made SQLite read a cut path ("bad JSON path") and PostgreSQL refuse the
// parameter, each a database error instead of a ValidationError naming the field.
describe.each(DATABASE_KINDS)('listItems({ metric }) names on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  let runId: string;
  beforeAll(async () => {
    db = testDb.db;
    const names = ['plain', 'acc\uFDD0uracy', 'lone\uD800half'];
    const run = await db.runs.createRun({ name: 'metric-names', metricsUsed: names });
    runId = run.id;
    await db.runs.addItems(runId, [
      { itemId: 'low', status: 'completed', scores: Object.fromEntries(names.map((n) => [n, 0.2])) },
      { itemId: 'high', status: 'completed', scores: Object.fromEntries(names.map((n) => [n, 0.9])) },
    ]);
  });

  it.each([
    ['NUL', 'acc\u0000uracy'],
    ['a tab', 'acc\turacy'],
    ['a newline', 'acc\nuracy'],
    ['U+001F', 'acc\u001furacy'],
  ])('refuses a metric name holding %s with a ValidationError naming metric', async (_, metric) => {
    const error = await db.runs.listItems(runId, { metric, minScore: 0.5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('metric');
    expect((error as ValidationError).message).toMatch(/"metric".*without control characters.*leave out minScore\/maxScore/);
  });

  it.each(['acc"uracy', 'acc\\uracy'])('still refuses %j (no JSON path holds it) the same way', async (metric) => {
    const error = await db.runs.listItems(runId, { metric, maxScore: 0.5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('metric');
  });

  it.each([['plain'], ['acc\uFDD0uracy'], ['lone\uD800half']])('filters by the scores of metric %j as stored', async (metric) => {
    const page = await db.runs.listItems(runId, { metric, minScore: 0.5 });
    expect(page.items.map((i) => i.itemId)).toEqual(['high']);
    expect(page.total).toBe(1);
  });
});
