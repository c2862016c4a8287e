import { openComparison, RunSearchEngine, type ComparisonResult } from '@llm-eval/search';
import type { Database, ItemInput, RunWithMetrics } from '@llm-eval/storage';
import { DATABASE_KINDS, useServer } from './server-harness';

// Lists longer than several of the cache's chunks (250 entries each): pages that start, end and straddle chunk
// boundaries must give exactly the library's whole lists, in both orientations, cached or not.
const SHARED = 1_400;
const ONLY = 530;
const LISTS = ['improved', 'regressed', 'onlyInA', 'onlyInB'] as const;
const EVERY_ITEM = 2 ** 31 - 1;

async function seed(db: Database, name: string, shift: (i: number) => number, only: string): Promise<RunWithMetrics> {
  const items: ItemInput[] = [];
  for (let i = 0; i < SHARED; i++) {
    items.push({ itemId: `item-${String(i).padStart(5, '0')}`, sequenceNumber: i, input: 'x', status: 'completed', scores: { f1: 0.3 + shift(i) } });
  }
  for (let i = 0; i < ONLY; i++) {
    items.push({ itemId: `${only}-${String(i).padStart(4, '0')}`, sequenceNumber: SHARED + i, input: 'x', status: 'completed', scores: { f1: 0.5 } });
  }
  return db.runs.importRun({ name, status: 'completed', metricsUsed: ['f1'] }, items);
}

type Page = { status: number; body: { items: Record<string, unknown[]> & { pages: Record<string, { offset: number; total: number; nextCursor: string | null }> }; fromCache: boolean } };

describe.each(DATABASE_KINDS)('GET /api/v1/compare over chunked item lists on %s', (kind) => {
  const api = useServer(kind);
  let a: RunWithMetrics;
  let b: RunWithMetrics;

  beforeEach(async () => {
    const db = api.server.database;
    a = await seed(db, 'chunks-a', () => 0, 'only-a');
    // 2/3 of the shared items improve, 1/3 regress, every change of a different size (distinct order keys).
    b = await seed(db, 'chunks-b', (i) => (i % 3 === 0 ? -1 : 1) * (0.0001 + i / 100_000), 'only-b');
  });

  /** Every entry of every list, following each list's cursors with the given page size. */
  async function allPages(from: string, to: string, pageSize: number): Promise<{ lists: Record<string, unknown[]>; cached: boolean[] }> {
    const lists: Record<string, unknown[]> = {};
    const cached: boolean[] = [];
    for (const list of LISTS) {
      lists[list] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page = (await api.json(`/api/v1/compare?a=${from}&b=${to}&itemsLimit=${pageSize}&${list}Cursor=${cursor}`)) as Page;
        expect(page.status).toBe(200);
        expect(page.body.items.pages[list]!.offset).toBe(lists[list]!.length);
        lists[list]!.push(...page.body.items[list]!);
        cached.push(page.body.fromCache);
        cursor = page.body.items.pages[list]!.nextCursor;
      }
    }
    return { lists, cached };
  }

  function expectSameLists(lists: Record<string, unknown[]>, whole: ComparisonResult): void {
    expect(lists['improved']).toEqual(JSON.parse(JSON.stringify(whole.items.improved)));
    expect(lists['regressed']).toEqual(JSON.parse(JSON.stringify(whole.items.regressed)));
    expect(lists['onlyInA']).toEqual(whole.items.onlyInA);
    expect(lists['onlyInB']).toEqual(whole.items.onlyInB);
  }

  it('pages of any size give the whole lists without gaps or repeats, both ways round, from a few chunk rows', async () => {
    const engine = new RunSearchEngine(api.server.database);
    const forward = await engine.compareRuns(a.id, b.id, { itemLimit: EVERY_ITEM });
    expect(forward.items.counts).toEqual({ improved: 933, regressed: 467, unchanged: 0, withoutScore: 0, onlyInA: ONLY, onlyInB: ONLY });
    const backward = await engine.compareRuns(b.id, a.id, { itemLimit: EVERY_ITEM });
    for (const size of [1000, 250, 97]) {
      const there = await allPages(a.id, b.id, size);
      expectSameLists(there.lists, forward);
      expect(there.cached.every(Boolean)).toBe(true);
      const back = await allPages(b.id, a.id, size);
      expectSameLists(back.lists, backward);
    }
    // One entry with its lists in chunks of 250: ceil(933/250) + ceil(467/250) + 2 × ceil(530/250).
    const ds = api.server.database.dataSource;
    expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM "run_comparisons"`))[0].n)).toBe(1);
    expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM "run_comparison_chunks"`))[0].n)).toBe(4 + 2 + 3 + 3);
    // Deleting a run deletes its comparisons, and their chunks with them.
    await api.server.database.runs.deleteRun(b.id);
    expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM "run_comparison_chunks"`))[0].n)).toBe(0);
  });

  it('a later page still follows the first after a run changes: its cursor is refused, the new lists are paged afresh', async () => {
    const first = (await api.json(`/api/v1/compare?a=${a.id}&b=${b.id}&itemsLimit=300`)) as Page;
    const cursor = first.body.items.pages['improved']!.nextCursor;
    expect(cursor).not.toBeNull();
    await api.server.database.runs.addItems(b.id, [{ itemId: 'late', sequenceNumber: 99_999, input: 'x', status: 'completed', scores: { f1: 1 } }]);
    const stale = await api.json(`/api/v1/compare?a=${a.id}&b=${b.id}&itemsLimit=300&improvedCursor=${cursor}`);
    expect(stale.status).toBe(400);
    expect(JSON.stringify(stale.body)).toMatch(/another comparison/);
    const engine = new RunSearchEngine(api.server.database);
    const whole = await engine.compareRuns(a.id, b.id, { itemLimit: EVERY_ITEM });
    expect(whole.items.onlyInB).toContain('late');
    expectSameLists((await allPages(a.id, b.id, 300)).lists, whole);
  });

  it('reads pages of an entry another process replaced after it was opened (lists computed again)', async () => {
    const ds = api.server.database.dataSource;
    await openComparison(ds, a.id, b.id, { itemLimit: EVERY_ITEM });
    const opened = await openComparison(ds, b.id, a.id, { itemLimit: EVERY_ITEM });
    expect(opened.result.fromCache).toBe(true);
    await ds.query(`DELETE FROM "run_comparisons"`);
    const page = await opened.read({ improved: { offset: 240, limit: 20 }, onlyInA: { offset: 500, limit: 100 } });
    const whole = await new RunSearchEngine(api.server.database).compareRuns(b.id, a.id, { itemLimit: EVERY_ITEM });
    expect(page.improved).toEqual(whole.items.improved.slice(240, 260));
    expect(page.onlyInA).toEqual(whole.items.onlyInA.slice(500));
    expect(page.regressed).toBeUndefined();
  });
});
