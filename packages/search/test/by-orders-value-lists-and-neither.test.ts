import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

/** Friday 2026-11-27 15:00 UTC. */
const NOW = new Date('2026-11-27T15:00:00Z');

const RUNS = [
  { name: 'delta', model: 'gpt-4o', status: 'completed', created: '2026-11-20T12:00:00Z', accuracy: 0.5, by: 'ana' },
  { name: 'alpha', model: 'claude-3-5-sonnet', status: 'failed', created: '2026-11-26T12:00:00Z', accuracy: 0.9, by: 'bo' },
  { name: 'echo', model: 'gpt-4o', status: 'cancelled', created: '2026-11-01T12:00:00Z', accuracy: 0.91, by: 'ana' },
  { name: 'bravo', model: 'llama-3-8b', status: 'completed', created: '2026-11-24T12:00:00Z', accuracy: 0.9, by: 'bo' },
  { name: 'charlie', model: 'gpt-4o', status: 'failed', created: '2026-11-25T12:00:00Z', accuracy: 0.2, by: 'ana' },
  { name: 'foxtrot', model: 'llama-3-8b', status: 'completed', created: '2026-10-15T12:00:00Z', accuracy: 0.7, by: 'bo' },
] as const;

describe.each(DATABASE_KINDS)('orders by name and date, lists of values and "neither … nor" on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    for (const r of RUNS) {
      await db.runs.importRun(
        { name: r.name, modelName: r.model, status: r.status, createdBy: r.by, metricsUsed: ['accuracy'], createdAt: new Date(r.created) },
        Array.from({ length: 4 }, (_, k) => ({ itemId: `i${k}`, status: 'completed' as const, scores: { accuracy: r.accuracy }, actualOutput: 'x' })),
      );
    }
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  /** Names in the order the search returns them. */
  const search = async (query: string) => {
    const result = await engine.searchRuns({ query, now: NOW, limit: 1000 });
    return { names: result.runs.map((r) => r.name), explanation: result.explanation, warnings: result.warnings };
  };

  it.each([
    ['runs by name', ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'], 'all runs · sorted by name, A to Z'],
    ['gpt-4o runs by date', ['charlie', 'delta', 'echo'], 'model is gpt-4o · sorted by created, newest first'],
    ['by oldest', ['foxtrot', 'echo', 'delta', 'bravo', 'charlie', 'alpha'], 'all runs · sorted by created, oldest first'],
    ['runs by newest limit 2', ['alpha', 'charlie'], 'all runs · sorted by created, newest first · limit 2'],
  ])('%s → %j', async (query, expected, explanation) => {
    const result = await search(query);
    expect(result.names).toEqual(expected);
    expect(result.explanation).toBe(explanation);
    expect(result.warnings).toEqual([]);
  });

  it.each([
    // Equal means, exactly: 0.91 is not 0.9.
    ['accuracy 0.5 or 0.9', ['alpha', 'bravo', 'delta'], 'accuracy = 0.5 OR accuracy = 0.9'],
    ['accuracy 0.9', ['alpha', 'bravo'], 'accuracy = 0.9'],
    ['accuracy is not 0.5 or 0.9', ['charlie', 'echo', 'foxtrot'], 'accuracy != 0.5 AND accuracy != 0.9'],
    ['neither gpt-4o nor claude-3-5-sonnet', ['bravo', 'foxtrot'], 'model is neither gpt-4o nor claude-3-5-sonnet'],
    ['neither failed nor cancelled', ['bravo', 'delta', 'foxtrot'], 'status is none of failed, cancelled'],
    ['neither failed nor gpt-4o', ['bravo', 'foxtrot'], 'NOT (status is failed OR model is gpt-4o)'],
    ['created by ana', ['charlie', 'delta', 'echo'], 'created by ana'],
  ])('%s → %j', async (query, expected, explanation) => {
    const result = await search(query);
    expect([...result.names].sort()).toEqual(expected);
    expect(result.explanation).toBe(explanation);
    expect(result.warnings).toEqual([]);
  });

  it('combines a list of values, a negation and an order', async () => {
    const result = await search('accuracy 0.5 or 0.9 neither failed nor cancelled by name');
    expect(result.names).toEqual(['bravo', 'delta']);
    expect(result.explanation).toBe('(accuracy = 0.5 OR accuracy = 0.9) AND status is none of failed, cancelled · sorted by name, A to Z');
  });
});
