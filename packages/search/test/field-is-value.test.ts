import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

/** Friday 2026-11-27 15:00 UTC. */
const NOW = new Date('2026-11-27T15:00:00Z');

const RUNS = [
  { name: 'delta', model: 'gpt-4o', dataset: 'squad', project: 'demo', tags: ['nightly'], status: 'completed', by: 'ana' },
  { name: 'alpha', model: 'claude-3-5-sonnet', dataset: 'mmlu', project: 'prod', tags: ['weekly'], status: 'failed', by: 'bo' },
  { name: 'echo', model: 'gpt-4o', dataset: 'mmlu', project: 'demo', tags: [], status: 'cancelled', by: 'ana' },
  { name: 'bravo', model: 'llama-3-8b', dataset: 'gsm8k', project: 'prod', tags: ['nightly', 'weekly'], status: 'completed', by: 'bo' },
  { name: 'charlie', model: 'mistral-7b', dataset: 'squad', project: 'demo', tags: [], status: 'failed', by: 'cy' },
] as const;

describe.each(DATABASE_KINDS)('"<field> is <value>" and "key: value" on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    for (const r of RUNS) {
      await db.runs.importRun(
        {
          name: r.name,
          // The field words appear in descriptions, so reading one as text would change what comes back.
          description: `model dataset project tag status user for ${r.name}`,
          modelName: r.model,
          datasetName: r.dataset,
          projectId: r.project,
          tags: [...r.tags],
          status: r.status,
          createdBy: r.by,
          createdAt: new Date('2026-11-20T12:00:00Z'),
        },
        [{ itemId: 'i0', status: 'completed' as const, actualOutput: 'x' }],
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
    ['model is gpt-4o', ['delta', 'echo'], 'model is gpt-4o'],
    ['where model = claude-3-5-sonnet', ['alpha'], 'model is claude-3-5-sonnet'],
    ['model: gpt-4o', ['delta', 'echo'], 'model is gpt-4o'],
    ['model is not gpt-4o', ['alpha', 'bravo', 'charlie'], 'model is not gpt-4o'],
    ["model isn't gpt-4o", ['alpha', 'bravo', 'charlie'], 'model is not gpt-4o'],
    ['model in (gpt-4o, mistral-7b)', ['charlie', 'delta', 'echo'], 'model is gpt-4o OR model is mistral-7b'],
    ['model is not one of gpt-4o, mistral-7b', ['alpha', 'bravo'], 'model is neither gpt-4o nor mistral-7b'],
    ['model is claude', ['alpha'], 'model is claude-* (model family)'],
    ['dataset is mmlu', ['alpha', 'echo'], 'dataset is mmlu'],
    ['dataset != squad', ['alpha', 'bravo', 'echo'], 'dataset is not squad'],
    ['project is demo', ['charlie', 'delta', 'echo'], 'project is demo'],
    ['project: prod', ['alpha', 'bravo'], 'project is prod'],
    ['tag is nightly', ['bravo', 'delta'], 'tag is nightly'],
    ['tag: weekly', ['alpha', 'bravo'], 'tag is weekly'],
    ['tags in (nightly, weekly)', ['alpha', 'bravo', 'delta'], 'tag is nightly OR tag is weekly'],
    ['status is failed', ['alpha', 'charlie'], 'status is failed'],
    ['status: failed', ['alpha', 'charlie'], 'status is failed'],
    ['status != completed', ['alpha', 'charlie', 'echo'], 'status is not completed'],
    ['status in (failed, cancelled)', ['alpha', 'charlie', 'echo'], 'status is failed or cancelled'],
    ['user is ana', ['delta', 'echo'], 'created by ana'],
    ['whose model is gpt-4o and status is completed', ['delta'], 'model is gpt-4o AND status is completed'],
  ])('%s → %j', async (query, expected, explanation) => {
    const result = await search(query);
    expect(result.names).toEqual(expected);
    expect(result.explanation).toBe(explanation);
    expect(result.warnings).toEqual([]);
  });

  it('passes a hostile value to SQL as a bound parameter', async () => {
    const result = await search(`model is "x' OR 1=1; DROP TABLE evaluation_runs; --"`);
    expect(result.names).toEqual([]);
    expect(result.explanation).toBe(`model is "x' OR 1=1; DROP TABLE evaluation_runs; --"`);
    expect((await search('model is gpt-4o')).names).toEqual(['delta', 'echo']);
  });

  it('reports an unknown model once and searches neither it nor "model" as text', async () => {
    const result = await search('model is gpt-4');
    expect(result.names).toEqual([]);
    expect(result.explanation).toBe('model is gpt-4');
    expect(result.warnings).toEqual(['no stored model is named "gpt-4" or starts with "gpt-4-"']);
  });
});
