import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// An item without output (a failed item, a task that returned nothing) or without an error does not contain a text:
// "not containing x" must take it. In SQL, LIKE on NULL is NULL and NOT NULL is NULL, so those items were dropped.
describe.each(DATABASE_KINDS)('negated text conditions on items with empty columns, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  let runId: string;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const run = await db.runs.importRun({ name: 'items', status: 'completed' }, [
      { itemId: 'paris', status: 'completed', actualOutput: 'Paris', expectedOutput: 'Paris' },
      { itemId: 'rome', status: 'completed', actualOutput: 'Rome', expectedOutput: 'Paris' },
      { itemId: 'nothing', status: 'completed', actualOutput: null, expectedOutput: 'Paris' },
      { itemId: 'broke', status: 'failed', actualOutput: null, errorMessage: 'timeout after 30 s', errorType: 'TimeoutError' },
    ]);
    runId = run.id;
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const ids = async (query: string) => (await engine.searchItems(runId, query)).items.map((i) => i.itemId).sort();

  it('"not containing" takes items without output', async () => {
    expect(await ids('containing paris')).toEqual(['paris']);
    expect(await ids('not containing paris')).toEqual(['broke', 'nothing', 'rome']);
  });

  it('a negated error condition takes items without an error', async () => {
    expect(await ids('error contains timeout')).toEqual(['broke']);
    expect(await ids('not error contains timeout')).toEqual(['nothing', 'paris', 'rome']);
  });
});
