import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

const NOW = new Date('2026-11-27T15:00:00Z');

// "dataset:QA_CAPITALS", "project:PROJ" and "created by ANA" matched no run without a word, while "tag:" named the
// stored spelling. Datasets, projects and creators match exactly; a stored value differing only in case is now named.
describe.each(DATABASE_KINDS)('dataset, project and creator in another case, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    await db.runs.importRun(
      { name: 'a', projectId: 'proj', datasetName: 'qa_capitals', createdBy: 'ana', status: 'completed', createdAt: new Date('2026-11-20T12:00:00Z') },
      [],
    );
    await db.runs.importRun(
      { name: 'b', projectId: 'other', datasetName: 'Über', createdBy: 'bo', status: 'completed', createdAt: new Date('2026-11-21T12:00:00Z') },
      [],
    );
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const search = async (query: string, projectIds?: string[]) => {
    const result = await engine.searchRuns({ query, now: NOW, ...(projectIds ? { projectIds } : {}) });
    return { names: result.runs.map((r) => r.name), warnings: result.warnings };
  };

  it.each<[string, string]>([
    ['dataset:QA_CAPITALS', 'no run has the dataset "QA_CAPITALS"; did you mean "qa_capitals"?'],
    ['project:PROJ', 'no run has the project "PROJ"; did you mean "proj"?'],
    ['created by ANA', 'no run has the creator "ANA"; did you mean "ana"?'],
    ['dataset:über', 'no run has the dataset "über"; did you mean "Über"?'],
  ])('%s', async (query, warning) => {
    expect(await search(query)).toEqual({ names: [], warnings: [warning] });
  });

  it('says nothing for a stored value, a value with no other spelling, or inside a negation', async () => {
    expect(await search('dataset:qa_capitals')).toEqual({ names: ['a'], warnings: [] });
    expect((await search('dataset:nothing-like-it')).warnings).toEqual([]);
    expect((await search('-dataset:QA_CAPITALS')).warnings).toEqual([]);
  });

  it("suggests only from the caller's projects", async () => {
    expect((await search('dataset:über', ['proj'])).warnings).toEqual([]);
  });
});
