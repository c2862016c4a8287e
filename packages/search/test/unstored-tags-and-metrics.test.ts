import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

const NOW = new Date('2026-11-27T15:00:00Z');

// "tag is nigthly" or "fuzzy_matc above 0.5" matched no run without a word of why, while a model no run has was named.
// A tag or metric that no run in the caller's scope has is now named, with the stored spelling it most likely meant.
describe.each(DATABASE_KINDS)('tags and metrics no run has, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const runs = [
      { name: 'a', projectId: 'alpha', tags: ['nightly', 'Release-2'], metric: 'fuzzy_match' },
      { name: 'b', projectId: 'beta', tags: ['secret-tag'], metric: 'beta_only_metric' },
    ];
    for (const r of runs) {
      await db.runs.importRun(
        { name: r.name, projectId: r.projectId, tags: r.tags, status: 'completed', metricsUsed: [r.metric], createdAt: new Date('2026-11-20T12:00:00Z') },
        [{ itemId: 'i', status: 'completed', scores: { [r.metric]: 0.75 }, actualOutput: 'x' }],
      );
    }
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const search = async (query: string, projectIds?: string[]) => {
    const result = await engine.searchRuns({ query, now: NOW, ...(projectIds ? { projectIds } : {}) });
    return { names: result.runs.map((r) => r.name), warnings: result.warnings };
  };

  it.each<[string, string[], string[]]>([
    ['tag is nigthly', [], ['no run has the tag "nigthly"; did you mean "nightly"?']],
    ['tag:release-2', [], ['no run has the tag "release-2"; did you mean "Release-2"?']],
    ['tag is nightly and weekly', [], ['no run has the tag "weekly"']],
    ['tagged with banana', [], ['no run has the tag "banana"']],
    ['fuzzy_matc above 0.5', [], ['no run has the metric "fuzzy_matc"; did you mean "fuzzy_match"?']],
    // Sorting by a metric lists the runs that have it: none.
    ['runs sorted by exact_match', [], ['no run has the metric "exact_match"']],
    // Stored ones say nothing.
    ['tag is nightly and Release-2', ['a'], []],
    ['fuzzy_match above 0.5', ['a'], []],
    // A negation matches every run either way, and means to: nothing to say.
    ['tag is not weekly', ['a', 'b'], []],
    ['not (fuzzy_matc above 0.5)', ['a', 'b'], []],
  ])('%s', async (query, names, warnings) => {
    const result = await search(query);
    expect(result.names.sort()).toEqual(names);
    expect(result.warnings).toEqual(warnings);
  });

  it("judges from the caller's scope: another project's tags and metrics are neither suggested nor known", async () => {
    expect((await search('tag is secret-tag', ['alpha'])).warnings).toEqual(['no run has the tag "secret-tag"']);
    expect((await search('tag is secret-tax', ['alpha'])).warnings).toEqual(['no run has the tag "secret-tax"']);
    expect((await search('beta_only_metric above 0.5', ['alpha'])).warnings).toEqual(['no run has the metric "beta_only_metric"']);
    expect((await search('tag is secret-tax', ['beta'])).warnings).toEqual(['no run has the tag "secret-tax"; did you mean "secret-tag"?']);
  });

  // The vocabulary is kept for a minute: a tag or metric stored meanwhile was said missing beside the run that has it.
  it('does not call a tag or metric missing that was stored after the vocabulary was read', async () => {
    expect((await search('tag is fresh-tag')).warnings).toEqual(['no run has the tag "fresh-tag"']);
    await db.runs.importRun(
      { name: 'c', projectId: 'alpha', tags: ['fresh-tag'], status: 'completed', metricsUsed: ['fresh_metric'], createdAt: new Date('2026-11-21T12:00:00Z') },
      [{ itemId: 'i', status: 'completed', scores: { fresh_metric: 0.5 }, actualOutput: 'x' }],
    );
    expect(await search('tag is fresh-tag')).toEqual({ names: ['c'], warnings: [] });
    expect(await search('fresh_metric above 0.4')).toEqual({ names: ['c'], warnings: [] });
  });
});
