import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// A plain word in a query means a model, tag or metric when the database holds one by that name (the stored
// vocabulary). The vocabulary was read with raw DISTINCT queries, which skip the entity hooks that decode stored
// text, so a name with NUL or U+FDD0 was listed in its stored form and the word the user typed never matched it.
describe.each(DATABASE_KINDS)('stored names with NUL or U+FDD0 as query words on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    for (const [name, model, tag, metric] of [
      ['nul-run', 'acme\u0000bot', 'night\u0000ly', 'acc\u0000uracy'],
      ['esc-run', 'acme\uFDD0bot', 'night\uFDD0ly', 'acc\uFDD0uracy'],
    ] as const) {
      await db.runs.importRun(
        { name, projectId: 'p', modelName: model, tags: [tag], metricsUsed: [metric], status: 'completed' },
        [{ itemId: 'q1', status: 'completed', scores: { [metric]: 0.95 } }],
      );
    }
    await db.runs.importRun({ name: 'plain-run', projectId: 'p', modelName: 'acmebot', tags: ['nightly'], status: 'completed' }, []);
  });
  afterAll(() => db?.close());

  const names = async (query: string, projectIds?: string[]) =>
    (await engine.searchRuns({ query, projectIds })).runs.map((r) => r.name).sort();

  // A NUL is a control character, which separates words (tokenize.ts): a name with one is named in quotes.
  it.each([
    ['acme\uFDD0bot runs', ['esc-run']],
    ['night\uFDD0ly runs', ['esc-run']],
    ['acc\uFDD0uracy above 0.9', ['esc-run']],
    ['"acc\u0000uracy" above 0.9', ['nul-run']],
    ['model:"acme\u0000bot"', ['nul-run']],
  ])('a search for %j finds its run, scoped or not', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
    expect(await names(query, ['p'])).toEqual(expected);
  });

  it.each(['acc\u0000uracy', 'acc\uFDD0uracy'])('sorts by the metric %j, naming it as given', async (metric) => {
    const result = await engine.searchRuns({ sort: { field: 'metric', metric, direction: 'desc' } });
    expect(result.runs.map((r) => r.name)).toEqual([metric.includes('\u0000') ? 'nul-run' : 'esc-run']);
  });

  it('knows the names as stored values (no "no run has" warning)', async () => {
    const result = await engine.searchRuns({ query: 'acme\uFDD0bot runs' });
    expect(result.filter).toMatchObject({ kind: 'field', field: 'model', value: 'acme\uFDD0bot' });
  });
});
