import { initializeDatabase, ItemsRejectedError, type Database, type ItemInput } from '../src';
import { createTestDatabase, DATABASE_KINDS, useMigratedDatabase, type TestDatabase } from './databases';

function batch(from: number, count: number): ItemInput[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return {
      itemId: `i${i}`,
      status: i % 4 === 0 ? 'failed' : 'completed',
      responseTime: 0.1 * ((i % 5) + 1),
      tokensUsed: 10 + (i % 3),
      cost: 0.001,
      scores: { exact: i % 2 === 0 },
    };
  });
}

const totalsOf = (run: { totalItems: number; successfulItems: number; failedItems: number; totalTokens: number; totalCost: number }) => ({
  totalItems: run.totalItems,
  successfulItems: run.successfulItems,
  failedItems: run.failedItems,
  totalTokens: run.totalTokens,
  totalCost: run.totalCost,
});

// A distributed worker killed mid-job has its job retried by another: the retry writes items already stored, which
// must neither fail nor count twice.
describe.each(DATABASE_KINDS)('addItems with ignoreDuplicates on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  it('stores a batch written twice once, and the second write changes no totals', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'retried', status: 'running', metricsUsed: ['exact'] });
    expect(await runs.addItems(run.id, batch(0, 600), { ignoreDuplicates: true })).toBe(600);
    const once = await runs.requireRun(run.id);
    expect(await runs.addItems(run.id, batch(0, 600), { ignoreDuplicates: true })).toBe(0);
    const twice = await runs.requireRun(run.id);
    expect(totalsOf(twice)).toEqual(totalsOf(once));
    expect((await runs.listItems(run.id, { limit: 1 })).total).toBe(600);

    // Overlapping: only the new half is inserted and counted, and the running totals match the items.
    expect(await runs.addItems(run.id, batch(300, 600), { ignoreDuplicates: true })).toBe(300);
    const live = await runs.requireRun(run.id);
    await runs.computeRunMetrics(run.id);
    const computed = await runs.requireRun(run.id);
    expect(computed.totalItems).toBe(900);
    expect(totalsOf(live)).toEqual({ ...totalsOf(computed), totalCost: expect.closeTo(computed.totalCost, 12) });
  });

  it('skips a repeated id within one batch, and still refuses invalid items by name', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'repeats', status: 'running' });
    const items = [...batch(0, 3), { ...batch(1, 1)[0]!, tokensUsed: 999 }, { itemId: 'bad', responseTime: -1 }];
    const error = await runs.addItems(run.id, items, { ignoreDuplicates: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ItemsRejectedError);
    expect((error as ItemsRejectedError).stored).toBe(3);
    expect((error as ItemsRejectedError).rejected.map((r) => r.itemId)).toEqual(['bad']);
    const stored = await runs.requireRun(run.id);
    expect(stored.totalItems).toBe(3);
    expect(stored.totalTokens).toBe(10 + 11 + 12);
    const page = await runs.listItems(run.id, { sort: 'sequenceNumber', direction: 'asc' });
    expect(page.items.map((i) => [i.itemId, i.tokensUsed])).toEqual([['i0', 10], ['i1', 11], ['i2', 12]]);
  });

  it('without the option, a duplicate is still rejected as before', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'strict', status: 'running' });
    await runs.addItems(run.id, batch(0, 5));
    await expect(runs.addItems(run.id, batch(3, 4))).rejects.toThrow(/"i3" already exists/);
    expect((await runs.requireRun(run.id)).totalItems).toBe(7);
  });
});

describe('two writers (Database instances) with overlapping batches on one PostgreSQL run', () => {
  let testDb: TestDatabase;
  const dbs: Database[] = [];
  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    dbs.push(await initializeDatabase({ url: testDb.url }));
    dbs.push(await initializeDatabase({ url: testDb.url, migrate: false }));
  });
  afterAll(async () => {
    for (const db of dbs) await db.close();
    await testDb?.drop();
  });

  it('store each item once, and the totals count each once', async () => {
    const [a, b] = dbs as [Database, Database];
    const run = await a.runs.createRun({ name: 'overlap', status: 'running', metricsUsed: ['exact'] });
    // Writer a takes items 0..1999 and b 1000..2999, 100 per batch, at the same time, each batch twice.
    const write = async (db: Database, from: number) => {
      let inserted = 0;
      for (let start = from; start < from + 2000; start += 100) {
        for (let attempt = 0; attempt < 2; attempt++) inserted += await db.runs.addItems(run.id, batch(start, 100), { ignoreDuplicates: true });
      }
      return inserted;
    };
    const [fromA, fromB] = await Promise.all([write(a, 0), write(b, 1000)]);
    expect(fromA + fromB).toBe(3000);
    const ids = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await a.runs.listItems(run.id, { limit: 1000, cursor });
      for (const item of page.items) ids.add(item.itemId);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(ids.size).toBe(3000);
    const live = await a.runs.requireRun(run.id);
    await a.runs.computeRunMetrics(run.id);
    const computed = await a.runs.requireRun(run.id);
    expect(computed.totalItems).toBe(3000);
    expect(totalsOf(live)).toEqual({ ...totalsOf(computed), totalCost: expect.closeTo(computed.totalCost, 12) });
  });
});
