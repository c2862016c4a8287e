import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// Storage keeps a score's metric name in a stored form (U+FDD0 and lone surrogates are escaped in the stored text), so
// an item score filter must name the metric in that form: it named the raw name and matched no item.
describe.each(DATABASE_KINDS)('item score filters on metric names storage escapes, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  let runId: string;
  const nonCharacter = 'acc\uFDD0x';
  const loneHalf = 'lone\uD800y';

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const run = await db.runs.importRun({ name: 'escaped names', status: 'completed', metricsUsed: [nonCharacter, loneHalf, 'plain'] }, [
      { itemId: 'q1', status: 'completed', scores: { [nonCharacter]: 0.9, [loneHalf]: 0.1, plain: 0.9 } },
      { itemId: 'q2', status: 'completed', scores: { [nonCharacter]: 0.1, [loneHalf]: 0.9, plain: 0.1 } },
    ]);
    runId = run.id;
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  it.each<[string, string, string[]]>([
    ['a name holding U+FDD0', `${nonCharacter} > 0.5`, ['q1']],
    ['a name holding a lone surrogate', `${loneHalf} > 0.5`, ['q2']],
    ['a plain name beside them', 'plain < 0.5', ['q2']],
  ])('%s', async (_, query, expected) => {
    const found = await engine.searchItems(runId, query);
    expect(found.items.map((i) => i.itemId)).toEqual(expected);
  });
});
