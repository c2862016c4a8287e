import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// Storage keeps NUL (and lone surrogates) escaped, as PostgreSQL's text cannot hold them. Field values and item text
// in a query went to SQL raw: PostgreSQL refused the whole search ("invalid byte sequence for encoding UTF8: 0x00")
// and SQLite compared them with the escaped stored form, so they never matched what was stored.
describe.each(DATABASE_KINDS)('query values with NUL on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  let runId: string;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    const stored = await db.runs.importRun(
      { name: 'nul\u0000run', modelName: 'm\u0000odel', datasetName: 'data\u0000set', createdBy: 'a\u0000na', tags: ['t\u0000ag'], status: 'completed' },
      [
        { itemId: 'q1', actualOutput: 'a\u0000b 100%_\\', scores: {} },
        { itemId: 'q2', actualOutput: 'ab', scores: {} },
      ],
    );
    await db.runs.importRun({ name: 'other', modelName: 'model', datasetName: 'dataset', tags: ['tag'], status: 'completed' }, []);
    runId = stored.id;
  });
  afterAll(() => db?.close());

  it.each(['model:"m\u0000odel"', 'dataset:"data\u0000set"', 'by:"a\u0000na"', 'tag:"t\u0000ag"', 'name:"nul\u0000"', 'name:"NUL\u0000R"'])(
    'finds the run by %j',
    async (query) => {
      const found = await engine.searchRuns({ query });
      expect(found.runs.map((r) => r.name)).toEqual(['nul\u0000run']);
    },
  );

  it('finds items by text with NUL, and % _ \\ stay literal', async () => {
    const items = async (query: string) => (await engine.searchItems(runId, query)).items.map((i) => i.itemId);
    expect(await items("contains 'a\u0000b'")).toEqual(['q1']);
    expect(await items("contains '100%_\\'")).toEqual(['q1']);
  });
});
