import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// "output not containing sym" read the word "output" as a text search too: it kept only items whose text contained
// "output", so it found nothing. A field named before its condition is that field's condition.
describe.each(DATABASE_KINDS)('item queries that name a text field, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  let runId: string;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    // Every item has an output, so negated output conditions do not depend on how missing text is treated.
    const run = await db.runs.importRun({ name: 'field words', status: 'completed' }, [
      { itemId: 'q1', status: 'completed', actualOutput: 'Paris', expectedOutput: 'Paris' },
      { itemId: 'q2', status: 'completed', actualOutput: 'Rome', expectedOutput: 'Paris' },
      { itemId: 'q3', status: 'completed', actualOutput: 'a symbol', expectedOutput: 'symbol' },
      { itemId: 'q4', status: 'failed', actualOutput: 'none', errorMessage: 'timeout after 30 s', errorType: 'TimeoutError' },
    ]);
    runId = run.id;
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const ids = async (query: string) => (await engine.searchItems(runId, query)).items.map((i) => i.itemId).sort();

  it.each([
    ['output not containing sym', ['q1', 'q2', 'q4']],
    ['output does not contain paris', ['q2', 'q3', 'q4']],
    ["output doesn't contain paris", ['q2', 'q3', 'q4']],
    ['where output contains paris', ['q1']],
    ['output is paris', ['q1']],
    ['output is not paris', ['q2', 'q3', 'q4']],
    ['error contains timeout', ['q4']],
    ['error message contains timeout', ['q4']],
    ['expected contains paris', ['q1', 'q2']],
    ['id contains q3', ['q3']],
  ])('%s', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it('explains the field condition without searching the field word', async () => {
    const found = await engine.searchItems(runId, 'output not containing sym');
    expect(found.explanation).toBe('output does not contain "sym"');
    expect(found.warnings).toEqual([]);
  });
});
