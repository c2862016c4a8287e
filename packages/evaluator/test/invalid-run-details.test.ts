import { initializeDatabase } from '@llm-eval/storage';
import { ConfigError, Evaluator, InvalidEnvironmentError, InvalidRunDetailsError } from '../src';
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

// LLM_EVAL_HEARTBEAT_TIMEOUT is read when the created run is read back: a malformed value once failed there, after the
// run row was created, leaving a run no one writes (shown as abandoned), and the message blamed "the run's details".
describe.each(DATABASE_KINDS)('a malformed LLM_EVAL_HEARTBEAT_TIMEOUT, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  afterEach(() => {
    delete process.env.LLM_EVAL_HEARTBEAT_TIMEOUT;
  });

  it('is InvalidEnvironmentError naming the variable; no task call, no run stored', async () => {
    let calls = 0;
    process.env.LLM_EVAL_HEARTBEAT_TIMEOUT = 'abc';
    const failure = await new Evaluator({
      task: (input) => {
        calls++;
        return String(input);
      },
      dataset: [{ id: 'a', input: 1 }],
      metrics: ['exact_match'],
      config: { databaseUrl: database.url },
    })
      .run()
      .catch((error: unknown) => error);
    delete process.env.LLM_EVAL_HEARTBEAT_TIMEOUT;
    expect(failure).toBeInstanceOf(InvalidEnvironmentError);
    expect(failure).toBeInstanceOf(ConfigError);
    expect(failure).toMatchObject({ variable: 'LLM_EVAL_HEARTBEAT_TIMEOUT' });
    expect((failure as Error).message).toMatch(/^LLM_EVAL_HEARTBEAT_TIMEOUT must be a positive number .*got "abc"\. Nothing was evaluated or stored; fix LLM_EVAL_HEARTBEAT_TIMEOUT \(or unset it\)/);
    expect((failure as Error).message).not.toContain("run's details");
    expect(calls).toBe(0);
    const db = await initializeDatabase({ url: database.url });
    try {
      expect((await db.runs.listRuns()).total).toBe(0);
    } finally {
      await db.close();
    }
  });
});
