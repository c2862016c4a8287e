import { InvalidCursorError } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

/** The JSON array inside a cursor, to edit it as someone holding one could. */
const open = (cursor: string): unknown[] => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
const seal = (parts: unknown[]) => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');

// A page's total used to come from the cursor whenever one was given, whatever query it came from: a cursor of
// status=completed gave status=failed the completed runs' total, and a hand-made cursor any total at all. A cursor is
// now bound to its query (filters, scope, sort, the run of an item list), and a total it carries is believed only from a
// cursor this process made for the same query; any other total is counted again.
describe.each(DATABASE_KINDS)('page cursors bound to their query on %s', (kind) => {
  const t = useMigratedDatabase(kind);
  const runIds: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 6; i++) {
      const run = await t.db.runs.importRun({ name: `run ${i}`, projectId: i % 2 ? 'odd' : 'even', status: i < 4 ? 'completed' : 'failed' }, [
        { itemId: 'a', status: 'completed' },
        { itemId: 'b', status: 'failed', errorMessage: 'x' },
        { itemId: 'c', status: 'completed' },
      ]);
      runIds.push(run.id);
    }
  });

  it('refuses a runs cursor used with other filters, another scope or another sort', async () => {
    const { db } = t;
    const completed = await db.runs.listRuns({ status: 'completed', limit: 1 });
    expect(completed.total).toBe(4);
    const cursor = completed.nextCursor!;
    for (const other of [
      { status: 'failed' as const },
      { status: 'completed' as const, projectIds: ['odd'] },
      { status: 'completed' as const, projectId: 'even' },
      { status: 'completed' as const, direction: 'asc' as const },
    ]) {
      const error = await db.runs.listRuns({ ...other, cursor }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(InvalidCursorError);
      expect((error as Error).message).toMatch(/belongs to another (query|ordering)/);
    }
    const message = ((await db.runs.listRuns({ status: 'failed', cursor }).catch((e: Error) => e)) as Error).message;
    expect(message).toBe('The cursor belongs to another query (other filters, scope or run): start again without it.');
    // The same query, with another page size, goes on with the right total.
    const next = await db.runs.listRuns({ status: 'completed', limit: 2, cursor });
    expect({ total: next.total, n: next.runs.length }).toEqual({ total: 4, n: 2 });
  });

  it('takes a cursor with the same set-like filters given in another order or repeated', async () => {
    const { db } = t;
    const first = await db.runs.listRuns({ projectIds: ['odd', 'even'], status: ['failed', 'completed'], limit: 1 });
    expect(first.total).toBe(6);
    const next = await db.runs.listRuns({ projectIds: ['even', 'odd', 'even'], status: ['completed', 'failed'], limit: 10, cursor: first.nextCursor! });
    expect({ total: next.total, n: next.runs.length }).toEqual({ total: 6, n: 5 });
    const items = await db.runs.listItems(runIds[0]!, { itemIds: ['c', 'a'], limit: 1 });
    const more = await db.runs.listItems(runIds[0]!, { itemIds: ['a', 'c'], cursor: items.nextCursor! });
    expect({ total: more.total, n: more.items.length }).toEqual({ total: 2, n: 1 });
    // Another set is still another query.
    await expect(db.runs.listRuns({ projectIds: ['odd'], status: ['completed', 'failed'], cursor: first.nextCursor! })).rejects.toThrow(InvalidCursorError);
  });

  it('counts again instead of believing a total written into a cursor', async () => {
    const { db } = t;
    const first = await db.runs.listRuns({ status: 'completed', limit: 1 });
    const edited = open(first.nextCursor!);
    edited[3] = 123456;
    expect((await db.runs.listRuns({ status: 'completed', cursor: seal(edited) })).total).toBe(4);
    const byHand = seal(['runs:createdAt:desc', '2999-01-01T00:00:00.000Z', 'ffffffff-ffff-4fff-bfff-ffffffffffff', 123456]);
    expect((await db.runs.listRuns({ status: 'failed', cursor: byHand })).total).toBe(2);
  });

  it('refuses an items cursor used for another run or other filters, and never believes its total unmade', async () => {
    const { db } = t;
    const page = await db.runs.listItems(runIds[0]!, { limit: 1 });
    expect(page.total).toBe(3);
    await expect(db.runs.listItems(runIds[1]!, { cursor: page.nextCursor! })).rejects.toThrow(InvalidCursorError);
    await expect(db.runs.listItems(runIds[0]!, { status: 'failed', cursor: page.nextCursor! })).rejects.toThrow(/belongs to another query/);
    expect((await db.runs.listItems(runIds[0]!, { limit: 1, cursor: page.nextCursor! })).total).toBe(3);
    const edited = open(page.nextCursor!);
    edited[3] = 99;
    expect((await db.runs.listItems(runIds[0]!, { cursor: seal(edited) })).total).toBe(3);
  });

  it('pages on when a date bound moved between pages (an age such as 7d), counting the total again', async () => {
    const { db } = t;
    const since = new Date(Date.now() - 7 * 86_400_000);
    const first = await db.runs.listRuns({ createdAfter: since, limit: 1 });
    expect(first.total).toBe(6);
    const later = await db.runs.listRuns({ createdAfter: new Date(since.getTime() + 1000), limit: 10, cursor: first.nextCursor! });
    expect({ total: later.total, n: later.runs.length }).toEqual({ total: 6, n: 5 });
    // A bound the first page did not have is another query.
    await expect(db.runs.listRuns({ createdAfter: since, createdBefore: new Date(), cursor: first.nextCursor! })).rejects.toThrow(InvalidCursorError);
  });
});
