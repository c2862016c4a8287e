import { ValidationError, type Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

describe.each(DATABASE_KINDS)('listItems({ itemIds }) on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  beforeAll(() => {
    db = testDb.db;
  });

  it('returns exactly the named items of that run, in sequence order, including ids with NUL, quotes and commas', async () => {
    const a = await db.runs.createRun({ name: 'pair-a', metricsUsed: ['m'] });
    const b = await db.runs.createRun({ name: 'pair-b', metricsUsed: ['m'] });
    const ids = ['q1', 'q,2', "it's \"3\"", 'nul\u0000id', 'q5', '%'];
    for (const run of [a, b]) {
      await db.runs.addItems(
        run.id,
        ids.map((itemId, i) => ({ itemId, input: { i }, actualOutput: `${run.name}:${i}`, status: 'completed' as const, scores: { m: i } })),
      );
    }
    const page = await db.runs.listItems(b.id, { itemIds: ['nul\u0000id', 'q,2', 'missing', '%', 'q,2'] });
    expect(page.items.map((i) => i.itemId)).toEqual(['q,2', 'nul\u0000id', '%']);
    expect(page.items.every((i) => i.runId === b.id)).toBe(true);
    expect(page.total).toBe(3);
    // Combined with other filters, all apply.
    const filtered = await db.runs.listItems(a.id, { itemIds: ids, metric: 'm', minScore: 4 });
    expect(filtered.items.map((i) => i.itemId)).toEqual(['q5', '%']);
  });

  it('refuses an empty or over-long list with a ValidationError naming the field', async () => {
    const run = await db.runs.createRun({ name: 'pair-c' });
    await expect(db.runs.listItems(run.id, { itemIds: [] })).rejects.toThrow(ValidationError);
    await expect(db.runs.listItems(run.id, { itemIds: Array.from({ length: 1001 }, (_, i) => `i${i}`) })).rejects.toThrow(/itemIds/);
  });
});
