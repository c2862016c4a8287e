import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// An item score filter resolved the metric it names against the run's metricsUsed only, while a run filter resolves it
// against the metrics stored for runs (metricsUsed and every metric scored). A run whose metricsUsed leaves its scored
// metrics out (a Python export without "metrics", a run ingested without them) had "EXACT_MATCH > 0.5" or
// "faithfulness > 0.5" searched with the name as typed, matching no item, without a word; over runs the same words
// searched the stored "exact_match" and "Faithfulness".
describe.each(DATABASE_KINDS)('item score filters name metrics as run filters do, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  let runId: string;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const run = await db.runs.importRun({ name: 'unlisted metrics', status: 'completed', metricsUsed: [] }, [
      { itemId: 'q1', status: 'completed', scores: { exact_match: 1, answer_relevancy: 0.9, Faithfulness: 0.9 } },
      { itemId: 'q2', status: 'completed', scores: { exact_match: 0, answer_relevancy: 0.1, Faithfulness: 0.1 } },
    ]);
    runId = run.id;
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  it.each<[string, string]>([
    ['EXACT_MATCH > 0.5', 'exact_match > 0.5'],
    ['Exact Match > 0.5', 'exact_match > 0.5'],
    ['Answer Relevancy > 0.5', 'answer_relevancy > 0.5'],
    ['answer relevancy score > 0.5', 'answer_relevancy > 0.5'],
    ['faithfulness > 0.5', 'Faithfulness > 0.5'],
    ['FAITHFULNESS above 0.5', 'Faithfulness > 0.5'],
  ])('%s searches the stored metric, as over runs, and says which', async (query, explanation) => {
    const found = await engine.searchItems(runId, query);
    expect(found.explanation).toBe(explanation);
    expect(found.warnings).toEqual([]);
    expect(found.items.map((i) => i.itemId)).toEqual(['q1']);
    expect((await engine.searchRuns({ query })).explanation).toBe(explanation);
  });

  it('names a metric the run does not have, with the nearest it has', async () => {
    const found = await engine.searchItems(runId, 'exact_matc > 0.5');
    expect(found.items).toEqual([]);
    expect(found.warnings).toEqual(['the run has no metric "exact_matc"; did you mean "exact_match"?']);
  });

  it('says no metric missing from a run still running, whose metrics are not all known until it finishes', async () => {
    const running = await db.runs.createRun({ name: 'running', status: 'running', metricsUsed: [] });
    await db.runs.addItems(running.id, [{ itemId: 'r1', status: 'completed', scores: { recall: 0.9 } }]);
    const found = await engine.searchItems(running.id, 'recall > 0.5');
    expect(found.explanation).toBe('recall > 0.5');
    expect(found.warnings).toEqual([]);
    expect(found.items.map((i) => i.itemId)).toEqual(['r1']);
  });
});
