import { initializeDatabase } from '@llm-eval/storage';
import { ConfigError, Evaluator, InvalidRunDetailsError } from '../src';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';

// Run details the database refuses are found when the run is created, before the first task call: the run is refused
// with the option to fix, instead of evaluating every item (each a paid model call) into a run that is never stored.
describe.each(DATABASE_KINDS)('run details the database refuses, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it.each([
    ['projectId', { projectId: 'My Project' }, 'projectId', 'projectId'],
    ['an empty tag', { tags: ['ok', ''] }, 'tags.1', 'tags'],
    ['an empty run name', { runName: '' }, 'name', 'runName'],
    ['a 300-character model name', { modelName: 'm'.repeat(300) }, 'modelName', 'modelName'],
  ])('%s: InvalidRunDetailsError naming the option; no task call, no run stored', async (_what, config, field, option) => {
    let calls = 0;
    const evaluator = new Evaluator({
      task: (input) => {
        calls++;
        return String(input);
      },
      dataset: [{ id: 'a', input: 1 }, { id: 'b', input: 2 }],
      metrics: ['exact_match'],
      config: { databaseUrl: database.url, ...config },
    });
    const failure = await evaluator.run().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidRunDetailsError);
    expect(failure).toBeInstanceOf(ConfigError);
    expect(failure).toMatchObject({ field, option });
    expect((failure as Error).message).toContain(`Invalid run field "${field}"`);
    expect((failure as Error).message).toContain(`fix config.${option} and run again`);
    expect(calls).toBe(0);
    const db = await initializeDatabase({ url: database.url });
    try {
      expect((await db.runs.listRuns()).total).toBe(0);
    } finally {
      await db.close();
    }
  });
});
