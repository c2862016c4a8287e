import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

/** Friday 2026-11-27 15:00 UTC. */
const NOW = new Date('2026-11-27T15:00:00Z');

const RUNS = [
  { name: 'delta', model: 'gpt-4o', dataset: 'squad', tags: ['nightly'], status: 'completed', accuracy: 0.5, by: 'ana' },
  { name: 'alpha', model: 'claude-3-5-sonnet', dataset: 'mmlu', tags: ['weekly'], status: 'failed', accuracy: 0.9, by: 'bo' },
  { name: 'echo', model: 'gpt-4o', dataset: 'mmlu', tags: [], status: 'cancelled', accuracy: 0.95, by: 'ana' },
  { name: 'bravo', model: 'llama-3-8b', dataset: 'gsm8k', tags: ['nightly', 'weekly'], status: 'completed', accuracy: 0.6, by: 'bo' },
  { name: 'charlie', model: 'mistral-7b', dataset: 'squad', tags: [], status: 'failed', accuracy: 0.2, by: 'cy' },
  { name: 'foxtrot', model: 'llama-3-8b', dataset: 'gsm8k', tags: ['adhoc'], status: 'completed', accuracy: 0.7, by: 'cy' },
] as const;

describe.each(DATABASE_KINDS)('a negation before a list of values on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    for (const r of RUNS) {
      await db.runs.importRun(
        {
          name: r.name,
          modelName: r.model,
          datasetName: r.dataset,
          tags: [...r.tags],
          status: r.status,
          createdBy: r.by,
          metricsUsed: ['accuracy'],
          createdAt: new Date('2026-11-20T12:00:00Z'),
        },
        Array.from({ length: 4 }, (_, k) => ({ itemId: `i${k}`, status: 'completed' as const, scores: { accuracy: r.accuracy }, actualOutput: 'x' })),
      );
    }
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const search = async (query: string) => {
    const result = await engine.searchRuns({ query, now: NOW, limit: 1000 });
    return { names: result.runs.map((r) => r.name).sort(), explanation: result.explanation, warnings: result.warnings };
  };

  it.each([
    ['not gpt-4o or claude-3-5-sonnet', ['bravo', 'charlie', 'foxtrot'], 'model is neither gpt-4o nor claude-3-5-sonnet'],
    ['except gpt-4o or claude-3-5-sonnet', ['bravo', 'charlie', 'foxtrot'], 'model is neither gpt-4o nor claude-3-5-sonnet'],
    ['excluding gpt-4o and claude-3-5-sonnet', ['bravo', 'charlie', 'foxtrot'], 'model is neither gpt-4o nor claude-3-5-sonnet'],
    ['other than gpt-4o, mistral-7b or llama-3-8b', ['alpha'], 'model is none of gpt-4o, mistral-7b, llama-3-8b'],
    ['excluding dataset squad or dataset mmlu', ['bravo', 'foxtrot'], 'dataset is neither squad nor mmlu'],
    ['without tag nightly or tag weekly', ['charlie', 'echo', 'foxtrot'], 'NOT (tag is nightly OR tag is weekly)'],
    ['not created by ana or by bo', ['charlie', 'foxtrot'], 'NOT (created by ana OR created by bo)'],
    ['not failed or cancelled', ['bravo', 'delta', 'foxtrot'], 'status is none of failed, cancelled'],
    // The list ends where another field starts.
    ['not gpt-4o or failed', ['alpha', 'bravo', 'charlie', 'foxtrot'], 'model is not gpt-4o OR status is failed'],
    [
      'not gpt-4o or claude-3-5-sonnet or cancelled',
      ['bravo', 'charlie', 'echo', 'foxtrot'],
      'model is neither gpt-4o nor claude-3-5-sonnet OR status is cancelled',
    ],
    // A bare value after a comparison takes that comparison.
    ['accuracy above 0.9 or 0.65', ['alpha', 'echo', 'foxtrot'], 'accuracy > 0.9 OR accuracy > 0.65'],
    ['accuracy below 0.3 or above 0.8 or 0.65', ['alpha', 'charlie', 'echo', 'foxtrot'], 'accuracy < 0.3 OR accuracy > 0.8 OR accuracy > 0.65'],
  ])('%s → %j', async (query, expected, explanation) => {
    const result = await search(query);
    expect(result.names).toEqual(expected);
    expect(result.explanation).toBe(explanation);
    expect(result.warnings).toEqual([]);
  });
});
