import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `projects show` read dataset and model names with its own GROUP BY, past storage's decoding of stored text: a NUL
// in a name came out in its stored form ("nul\ufdd00000here"), while runs show and runs list read it back as given.
describe.each(DATABASE_KINDS)('projects show names, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    for (const [datasetName, modelName] of [['nul\u0000here', 'm\u0000x'], ['nul\u0000here', 'lit\ufdd0eral'], ['plain', 'lit\ufdd0eral']]) {
      await db.runs.createRun({ name: 'r', projectId: 'odd', status: 'completed', datasetName, modelName });
    }
  });
  afterAll(() => db?.close());

  it('reads NUL and a literal U+FDD0 in dataset and model names back as they were written', async () => {
    const r = await runCli(['projects', 'show', 'odd', '--json', '--database-url', database.url]);
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.stdout) as { datasets: unknown; models: unknown };
    expect(shown.datasets).toEqual([{ name: 'nul\u0000here', runs: 2 }, { name: 'plain', runs: 1 }]);
    expect(shown.models).toEqual([{ name: 'lit\ufdd0eral', runs: 2 }, { name: 'm\u0000x', runs: 1 }]);
  });
});
