import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

const NOW = new Date('2026-11-27T15:00:00Z');

// "accuracy > 0.8" with "Accuracy" stored on one run and "accuracy" on eight searched "Accuracy" (the first stored
// spelling ignoring case) and returned the one run; "f1 score > 0.5" was read as "f1 > 0.5".
describe.each(DATABASE_KINDS)('metric spellings, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const runs = [
      { name: 'upper', metric: 'Accuracy' },
      ...Array.from({ length: 8 }, (_, i) => ({ name: `lower-${i}`, metric: 'accuracy' })),
      { name: 'spaced', metric: 'f1 score' },
    ];
    for (const [i, r] of runs.entries()) {
      await db.runs.importRun(
        { name: r.name, projectId: 'p', status: 'completed', metricsUsed: [r.metric], createdAt: new Date(NOW.getTime() - (i + 1) * 3_600_000) },
        [{ itemId: 'i', status: 'completed', scores: { [r.metric]: 0.9 }, actualOutput: 'x' }],
      );
    }
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const search = async (query: string) => {
    const result = await engine.searchRuns({ query, now: NOW });
    return { names: result.runs.map((r) => r.name).sort(), explanation: result.explanation, warnings: result.warnings };
  };
  const lowers = Array.from({ length: 8 }, (_, i) => `lower-${i}`);
  const notSearched = 'the metric "accuracy" is also stored as "Accuracy", which is not searched; type that spelling to search it';

  it.each([
    ['accuracy >= 0', 'accuracy >= 0'],
    ['accuracy > 0.8', 'accuracy > 0.8'],
    ['top 5 by accuracy', 'sorted by accuracy, highest first · limit 5'],
  ])('the spelling typed wins and the other is named: %s', async (query, explanation) => {
    const result = await search(query);
    if (query.startsWith('top')) expect(result.names.every((n) => lowers.includes(n)) && result.names.length).toBe(5);
    else expect(result.names).toEqual(lowers);
    expect(result.explanation).toContain(explanation);
    expect(result.warnings).toEqual([notSearched]);
  });

  it('Accuracy typed as stored finds its one run', async () => {
    expect((await search('Accuracy > 0.8')).names).toEqual(['upper']);
  });

  it.each(['f1 score > 0.5', '"f1 score" > 0.5'])('a metric name with a space: %s', async (query) => {
    expect(await search(query)).toEqual({ names: ['spaced'], explanation: 'f1 score > 0.5', warnings: [] });
  });

  it('suggests a spelling that works for f1_score', async () => {
    expect((await search('f1_score > 0.5')).warnings).toEqual(['no run has the metric "f1_score"; did you mean "f1 score"?']);
  });
});
