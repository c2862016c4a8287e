import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunReferenceError, RunSearchEngine } from '../src';

// A project scope (projectIds) is an access boundary: runs outside it — other projects' and runs without a project —
// are never found, counted, resolved or used as query vocabulary, and are answered exactly like runs that do not exist.
describe.each(DATABASE_KINDS)('the project scope of the search engine on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    const item = (i: number) => ({ itemId: `i${i}`, status: 'completed' as const, scores: { secret_metric: i % 2 } });
    for (const [name, projectId, model, tag] of [
      ['mine one', 'mine', 'shared-model', 'shared'],
      ['mine two', 'mine', 'shared-model', 'shared'],
      ['theirs', 'theirs', 'their-private-model', 'their-private-tag'],
      ['loose', null, 'loose-model', 'loose-tag'],
    ] as const) {
      const run = await db.runs.importRun(
        { name, projectId, modelName: model, tags: [tag], status: 'completed', metricsUsed: ['secret_metric'] },
        projectId === 'theirs' ? [item(0), item(1)] : [item(1)],
      );
      ids[name] = run.id;
    }
  });
  afterAll(async () => db.close());

  it('lists and counts only runs in scope (a run without a project is outside every scope)', async () => {
    const page = await engine.searchRuns({ projectIds: ['mine'] });
    expect(page.runs.map((r) => r.name).sort()).toEqual(['mine one', 'mine two']);
    expect(page.total).toBe(2);
    expect(page.explanation).toBe('all runs');
    expect((await engine.searchRuns({ projectIds: [] })).total).toBe(0);
    expect((await engine.searchRuns({ projectIds: ['mine'], projectId: 'theirs' })).total).toBe(0);
    expect((await engine.searchRuns({})).total).toBe(4);
  });

  it('answers a run outside the scope exactly as a missing one, by id, prefix, name and latest', async () => {
    const scope = { projectIds: ['mine'] };
    const message = (p: Promise<unknown>) => p.then(() => 'resolved', (e: Error) => (e instanceof RunReferenceError ? e.message : `other: ${e.message}`));
    const missingId = '12345678-1234-4123-8123-123456789abc';
    expect((await message(engine.resolveRun(ids.theirs!, scope))).split(ids.theirs!).join('<id>')).toBe(
      (await message(engine.resolveRun(missingId, scope))).split(missingId).join('<id>'),
    );
    expect(await message(engine.resolveRun('theirs', scope))).toBe((await message(engine.resolveRun('nobody', scope))).split('nobody').join('theirs'));
    await expect(engine.resolveRun(ids.loose!.slice(0, 8), scope)).rejects.toBeInstanceOf(RunReferenceError);
    expect(await engine.resolveRun(ids['mine one']!.slice(0, 8), scope)).toBe(ids['mine one']);
    expect([ids['mine one'], ids['mine two']]).toContain(await engine.resolveRun('latest', scope));
    expect(await message(engine.resolveRun('latest~2', scope))).toMatch(/only 2 runs exist/);
    expect(await engine.resolveRun('theirs')).toBe(ids.theirs);
  });

  it('searches items of runs in scope only', async () => {
    await expect(engine.searchItems(ids.theirs!, 'failed items', { projectIds: ['mine'] })).rejects.toBeInstanceOf(RunReferenceError);
    expect((await engine.searchItems(ids['mine one']!, '', { projectIds: ['mine'] })).total).toBe(1);
  });

  it('uses only the vocabulary of runs in scope, so a query reads the same whether or not another project holds a word', async () => {
    const scope = { projectIds: ['mine'] };
    const known = await engine.searchRuns({ ...scope, query: 'their-private-tag runs' });
    const unknown = await engine.searchRuns({ ...scope, query: 'nobodys-private-tag runs' });
    expect(JSON.stringify({ ...known, runs: [] }).split('their').join('X')).toBe(JSON.stringify({ ...unknown, runs: [] }).split('nobodys').join('X'));
    // Unscoped, the tag is vocabulary and finds its run.
    expect((await engine.searchRuns({ query: 'their-private-tag runs' })).runs.map((r) => r.name)).toEqual(['theirs']);
    expect((await engine.searchRuns({ ...scope, query: 'shared runs' })).total).toBe(2);
  });

  it('computes trends over runs in scope only', async () => {
    const scoped = await engine.getMetricTrend({ metric: 'secret_metric', projectIds: ['mine'] });
    expect(scoped.reduce((n, p) => n + p.runs, 0)).toBe(2);
    expect(scoped.every((p) => p.mean === 1)).toBe(true);
    const all = await engine.getMetricTrend({ metric: 'secret_metric' });
    expect(all.reduce((n, p) => n + p.runs, 0)).toBe(4);
  });
});
