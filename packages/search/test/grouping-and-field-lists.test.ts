import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

/** Friday 2026-11-27 15:00 UTC. */
const NOW = new Date('2026-11-27T15:00:00Z');

// Descriptions name other datasets and tags, so a value read as free text instead of as its field changes the answer.
const RUNS = [
  { name: 'delta', model: 'gpt-4o', dataset: 'squad', tags: ['nightly'], status: 'completed', accuracy: 0.9, description: 'release check, compare with gsm8k' },
  { name: 'alpha', model: 'claude-3-5-sonnet', dataset: 'mmlu', tags: ['weekly'], status: 'failed', accuracy: 0.85, description: 'weekly' },
  { name: 'echo', model: 'gpt-4o', dataset: 'mmlu', tags: [], status: 'cancelled', accuracy: 0.5, description: 'ad hoc' },
  { name: 'bravo', model: 'llama-3-8b', dataset: 'gsm8k', tags: ['nightly', 'weekly'], status: 'completed', accuracy: 0.95, description: 'both' },
  { name: 'charlie (draft)', model: 'mistral-7b', dataset: 'squad', tags: [], status: 'failed', accuracy: 0.2, description: 'draft' },
  { name: 'foxtrot', model: 'gpt-4o', dataset: 'gsm8k', tags: ['nightly'], status: 'failed', accuracy: 0.7, description: 'nightly' },
] as const;

describe.each(DATABASE_KINDS)('bracketed groups and values listed after "<field> is <value>" on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    for (const r of RUNS) {
      await db.runs.importRun(
        {
          name: r.name,
          description: r.description,
          modelName: r.model,
          datasetName: r.dataset,
          tags: [...r.tags],
          status: r.status,
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
    expect(result.total).toBe(result.runs.length);
    return { names: result.runs.map((r) => r.name).sort(), explanation: result.explanation, warnings: result.warnings };
  };

  it.each<[string, string[], string]>([
    // Values listed after a field: tags joined by "and" are all of them, one-valued fields either.
    ['tag is nightly and weekly', ['bravo'], 'tag is nightly AND tag is weekly'],
    ['tag is nightly and release', [], 'tag is nightly AND tag is release'],
    ['tag: nightly or weekly', ['alpha', 'bravo', 'delta', 'foxtrot'], 'tag is nightly OR tag is weekly'],
    ['dataset is mmlu and gsm8k', ['alpha', 'bravo', 'echo', 'foxtrot'], 'dataset is mmlu OR dataset is gsm8k'],
    ['dataset:mmlu or gsm8k', ['alpha', 'bravo', 'echo', 'foxtrot'], 'dataset is mmlu OR dataset is gsm8k'],
    ['model is gpt-4o or claude', ['alpha', 'delta', 'echo', 'foxtrot'], 'model is gpt-4o OR model is claude-* (model family)'],
    ['tag is not nightly and weekly', ['charlie (draft)', 'echo'], 'NOT (tag is nightly OR tag is weekly)'],
    // Brackets group.
    ['not (gpt-4o or claude)', ['bravo', 'charlie (draft)'], 'NOT (model is gpt-4o OR model is claude-* (model family))'],
    ['(gpt-4o or claude) and failed', ['alpha', 'foxtrot'], '(model is gpt-4o OR model is claude-* (model family)) AND status is failed'],
    ['accuracy above 0.8 and (mmlu or gsm8k)', ['alpha', 'bravo', 'delta'], 'accuracy > 0.8 AND (text contains "mmlu" OR text contains "gsm8k")'],
    ['(gpt-4o and failed) or claude', ['alpha', 'foxtrot'], '(model is gpt-4o AND status is failed) OR model is claude-* (model family)'],
    ['gpt-4o and failed or claude', ['foxtrot'], 'model is gpt-4o AND (status is failed OR model is claude-* (model family))'],
    ['not (gpt-4o and (failed or cancelled))', ['alpha', 'bravo', 'charlie (draft)', 'delta'], 'NOT (model is gpt-4o AND status is failed or cancelled)'],
    ['(tag is nightly and weekly) or dataset is mmlu', ['alpha', 'bravo', 'echo'], '(tag is nightly AND tag is weekly) OR dataset is mmlu'],
    // Brackets in quotes are text.
    ['"(draft)" or weekly', ['alpha', 'bravo', 'charlie (draft)'], 'text contains "(draft)" OR tag is weekly'],
  ])('%s → %j', async (query, expected, explanation) => {
    const result = await search(query);
    expect(result.names).toEqual(expected);
    expect(result.explanation).toBe(explanation);
    // "mmlu" and "gsm8k" name no stored model, tag or metric: searched as text, and said so; no run has the tag "release".
    const expectedWarnings = query.includes('release') ? ['no run has the tag "release"'] : [];
    expect(result.warnings.filter((w) => !/^searching for "(mmlu|gsm8k)" as text$/.test(w))).toEqual(expectedWarnings);
  });

  it('names the position of an unbalanced bracket and reads the rest as written', async () => {
    const result = await search('failed (gpt-4o');
    expect(result.names).toEqual(['foxtrot']);
    expect(result.explanation).toBe('status is failed AND model is gpt-4o');
    expect(result.warnings).toEqual(['ignored "(" at character 8: no ")" after it']);
  });
});
