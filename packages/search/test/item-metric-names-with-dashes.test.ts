import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// "rouge-l > 0.3" over a run's items was read as text "rouge-l" AND text "0.3" with ">" ignored, and found nothing,
// while the same words over runs compared the metric: item queries did not know the run's metrics. They do now.
describe.each(DATABASE_KINDS)('item queries on metrics named with - or ., on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  let runId: string;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const run = await db.runs.importRun({ name: 'summaries', status: 'completed', metricsUsed: ['rouge-l', 'bleu.4'] }, [
      { itemId: 'q1', status: 'completed', scores: { 'rouge-l': 0.4, 'bleu.4': 0.2 }, actualOutput: 'first' },
      { itemId: 'q2', status: 'completed', scores: { 'rouge-l': 0.2, 'bleu.4': 0.5 }, actualOutput: 'second' },
      { itemId: 'q3', status: 'completed', scores: { 'rouge-l': 0.9, 'bleu.4': 0.1 }, actualOutput: 'third' },
    ]);
    runId = run.id;
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  it.each<[string, string, string[]]>([
    ['rouge-l > 0.3', 'rouge-l > 0.3', ['q1', 'q3']],
    ['bleu.4 < 0.3', 'bleu.4 < 0.3', ['q1', 'q3']],
    ['ROUGE-L between 0.3 and 0.5', 'rouge-l >= 0.3 AND rouge-l <= 0.5', ['q1']],
  ])('%s', async (query, explanation, expected) => {
    const found = await engine.searchItems(runId, query);
    expect(found.explanation).toBe(explanation);
    expect(found.warnings).toEqual([]);
    expect(found.items.map((i) => i.itemId).sort()).toEqual(expected);
  });
});
