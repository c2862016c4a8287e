import { initializeDatabase, InvalidCursorError, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

/** The JSON array inside a cursor, to edit it as someone holding one could. */
const open = (cursor: string): unknown[] => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
const seal = (parts: unknown[]) => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');

// `total` came from the cursor whenever one was given: status=failed with a cursor of status=completed answered the
// completed runs' total, and a hand-made cursor any total (GET /runs?cursor=… said 123456). A cursor is now bound to
// the search it came from, and a total it carries is believed only when this process sealed it for that search.
describe.each(DATABASE_KINDS)('search cursors bound to their query on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  const runIds: string[] = [];

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    for (let i = 0; i < 6; i++) {
      const run = await db.runs.importRun({ name: `run ${i}`, projectId: i % 2 ? 'odd' : 'even', status: i < 4 ? 'completed' : 'failed' }, [
        { itemId: 'a', status: 'completed', responseTime: 1 },
        { itemId: 'b', status: 'failed', errorMessage: 'x', responseTime: 2 },
        { itemId: 'c', status: 'completed', responseTime: 3 },
      ]);
      runIds.push(run.id);
    }
  });
  afterAll(async () => db.close());

  it('refuses a cursor of one search used with other filters, another query or another scope', async () => {
    const completed = await engine.searchRuns({ status: 'completed', limit: 1 });
    expect(completed.total).toBe(4);
    const cursor = completed.nextCursor!;
    expect((await engine.searchRuns({ status: 'failed' })).total).toBe(2);
    for (const other of [{ status: 'failed' as const }, { status: 'completed' as const, projectIds: ['odd'] }, { query: 'completed runs' }]) {
      await expect(engine.searchRuns({ ...other, cursor })).rejects.toThrow(
        new InvalidCursorError('The cursor belongs to another query (other filters, scope or run): start again without it.'),
      );
    }
    const next = await engine.searchRuns({ status: 'completed', limit: 10, cursor });
    expect({ total: next.total, n: next.runs.length }).toEqual({ total: 4, n: 3 });
    const byText = await engine.searchRuns({ query: 'failed runs', limit: 1 });
    await expect(engine.searchRuns({ query: 'completed runs', cursor: byText.nextCursor! })).rejects.toThrow(InvalidCursorError);
    expect((await engine.searchRuns({ query: ' failed runs ', cursor: byText.nextCursor! })).total).toBe(2);
  });

  it('counts again instead of believing a total written into a cursor', async () => {
    const first = await engine.searchRuns({ status: 'completed', limit: 1 });
    const edited = open(first.nextCursor!);
    edited[3] = 123456;
    expect((await engine.searchRuns({ status: 'completed', cursor: seal(edited) })).total).toBe(4);
    const byHand = seal(['search:createdAt:desc', '2999-01-01T00:00:00.000Z', 'ffffffff-ffff-4fff-bfff-ffffffffffff', 123456]);
    expect((await engine.searchRuns({ cursor: byHand })).total).toBe(6);
  });

  it('refuses an item search cursor used for another run or another query', async () => {
    const page = await engine.searchItems(runIds[0]!, 'slowest items', { limit: 1 });
    expect(page.total).toBe(3);
    await expect(engine.searchItems(runIds[1]!, 'slowest items', { cursor: page.nextCursor! })).rejects.toThrow(InvalidCursorError);
    await expect(engine.searchItems(runIds[0]!, 'slowest failed items', { cursor: page.nextCursor! })).rejects.toThrow(InvalidCursorError);
    expect((await engine.searchItems(runIds[0]!, 'slowest items', { cursor: page.nextCursor! })).total).toBe(3);
  });
});
