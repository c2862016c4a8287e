import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// A run that records no model, dataset, project or creator is not a gpt-4o run, not an mmlu run, and so on: a negated
// condition on such a field must let it in. In SQL the condition on a NULL column is NULL, and NOT NULL is NULL, so
// "model is not gpt-4o" dropped every run without a model.
const NOW = new Date('2026-11-27T15:00:00Z');

describe.each(DATABASE_KINDS)('negated conditions on fields a run may not have, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const run = (name: string, fields: { modelName?: string; datasetName?: string; projectId?: string; createdBy?: string }, status: 'completed' | 'failed' = 'completed') =>
      db.runs.importRun({ name, status, createdAt: new Date('2026-11-20T12:00:00Z'), ...fields }, [{ itemId: 'i0', status: 'completed' as const }]);
    await run('gpt', { modelName: 'gpt-4o', datasetName: 'mmlu', projectId: 'demo', createdBy: 'ana' });
    await run('claude', { modelName: 'claude-3-5-sonnet', datasetName: 'squad', projectId: 'prod', createdBy: 'bo' });
    await run('bare', {});
    await run('bare-failed', {}, 'failed');
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const names = async (query: string) => (await engine.searchRuns({ query, now: NOW, limit: 100 })).runs.map((r) => r.name).sort();

  it.each([
    ['model is not gpt-4o', ['bare', 'bare-failed', 'claude']],
    ['not gpt-4o', ['bare', 'bare-failed', 'claude']],
    ['model is neither gpt-4o nor claude-3-5-sonnet', ['bare', 'bare-failed']],
    ['dataset is not mmlu', ['bare', 'bare-failed', 'claude']],
    ['project is not demo', ['bare', 'bare-failed', 'claude']],
    ['not created by ana', ['bare', 'bare-failed', 'claude']],
    ['neither gpt-4o nor failed', ['bare', 'claude']],
    ['not gpt-4o and not failed', ['bare', 'claude']],
    // One- and two-character texts are not served by SQLite's trigram index, but by LIKE on each column.
    ['not zq', ['bare', 'bare-failed', 'claude', 'gpt']],
    ['not zqx', ['bare', 'bare-failed', 'claude', 'gpt']],
  ])('%s', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it('leaves the positive conditions as they were', async () => {
    expect(await names('model is gpt-4o')).toEqual(['gpt']);
    expect(await names('gpt-4o or failed')).toEqual(['bare-failed', 'gpt']);
    expect(await names('not not gpt-4o')).toEqual(['gpt']);
  });
});
