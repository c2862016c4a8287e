import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

const NOW = new Date('2026-11-27T15:00:00Z');

// SQLite's own lower() folds ASCII only while the searched text was lower-cased in JavaScript: `name:"ÜBER Test"`, the
// model family "Ωmega", two-letter text and item text missed non-ASCII capitals even typed exactly. PostgreSQL found them.
describe.each(DATABASE_KINDS)('non-ASCII capitals, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  let uberId: string;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const runs = [
      { name: 'ÜBER Test', model: 'Ωmega-7b' },
      { name: 'ΣΟ run', model: 'Ωmega-3' },
      { name: 'plain', model: 'gpt-4o' },
      { name: 'İstanbul', model: 'gpt-4o' },
    ];
    for (const [i, r] of runs.entries()) {
      const run = await db.runs.importRun(
        { name: r.name, projectId: 'p', modelName: r.model, status: 'completed', createdAt: new Date(NOW.getTime() - (i + 1) * 3_600_000) },
        [
          { itemId: 'a', status: 'completed', actualOutput: 'Das ist ÜBER gut', input: { q: 'ΣΟ Frage' } },
          { itemId: 'b', status: 'completed', actualOutput: 'nothing here', input: { q: 'other' } },
        ],
      );
      if (i === 0) uberId = run.id;
    }
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const names = async (query: string) => (await engine.searchRuns({ query, now: NOW })).runs.map((r) => r.name).sort();

  it.each<[string, string[]]>([
    ['name:"ÜBER Test"', ['ÜBER Test']],
    ['name:"über test"', ['ÜBER Test']],
    ['name:ΣΟ', ['ΣΟ run']],
    ['Ωmega', ['ÜBER Test', 'ΣΟ run']],
    ['model:ωmega-7B', ['ÜBER Test']],
    ['model:ΩMEGA-3', ['ΣΟ run']],
    ['ΣΟ', ['ΣΟ run']],
    ['σο', ['ΣΟ run']],
  ])('%s', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it.each(["contains 'ÜBER'", "contains 'über'", 'input contains σο'])('items: %s', async (query) => {
    const result = await engine.searchItems(uberId, query);
    expect(result.items.map((i) => i.itemId)).toEqual(['a']);
  });

  it('resolves a run by its name in another case', async () => {
    expect((await engine.searchItems('über test', 'all items')).items).toHaveLength(2);
  });

  // PostgreSQL's lower() makes "İ" an "i"; JavaScript's toLowerCase an "i" and a combining dot, so on SQLite the run
  // was found only as "i̇stanbul" and on PostgreSQL only as "istanbul".
  it.each(['istanbul', 'İSTANBUL', 'ISTANBUL'])('finds the run named İstanbul as %s, on both databases', async (name) => {
    expect((await engine.searchItems(name, 'all items')).items).toHaveLength(2);
    expect(await names(`name:${name}`)).toEqual(['İstanbul']);
  });
});
