import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, Evaluator, InvalidOptionError, type EvaluatorConfig } from '../src';
import { thrownBy } from './support/thrown-by';

// Every option's type is checked before anything runs or is stored: `storeRuns: 'false'` is a truthy string that once
// stored the run (creating ./llm_eval_runs.db), `keepItems: 'no'` kept the items.
describe('config option types', () => {
  it.each<[keyof EvaluatorConfig, unknown, string]>([
    ['storeRuns', 'false', 'config.storeRuns must be true or false, got "false"'],
    ['keepItems', 'no', 'config.keepItems must be true or false, got "no"'],
    ['tags', 'x', "config.tags must be a list of strings, e.g. ['v2', 'nightly'], got \"x\""],
    ['tags', ['ok', 7], "config.tags must be a list of strings, e.g. ['v2', 'nightly'], got a list"],
    ['projectId', 5, 'config.projectId must be a string, got 5'],
    ['runName', 42, 'config.runName must be a string, got 42'],
    ['databaseUrl', 5, 'config.databaseUrl must be a string, got 5'],
    ['modelName', false, 'config.modelName must be a string, got false'],
    ['runConfig', 'x', 'config.runConfig must be a plain object of settings to store with the run, e.g. { temperature: 0.2 }, got "x"'],
    ['runConfig', [1], 'config.runConfig must be a plain object'],
    ['audit', 'me', 'config.audit must be an object { actor: string, correlationId?: string }, got "me"'],
    ['onProgress', 5, 'config.onProgress must be a function (event) => void, got 5'],
    ['requestsPerSecond', 1e-7, 'config.requestsPerSecond must be at least 4.66e-7 (one start per 2^31-1 ms, about 24.8 days, the longest a timer can wait), got 1e-7'],
  ])('config.%s = %p: InvalidOptionError naming it, when the Evaluator is built', (option, value, message) => {
    const task = jest.fn((x: number) => x);
    const config = { storeRuns: false, [option]: value } as EvaluatorConfig;
    const error = thrownBy(() => new Evaluator({ task, dataset: [{ input: 1 }], metrics: [], config }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option, value });
    expect((error as Error).message).toContain(message);
    expect(task).not.toHaveBeenCalled();
  });

  it("storeRuns: 'false' stores nothing: no database file is created", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-eval-types-'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(() => new Evaluator({ task: (x: string) => x, dataset: [{ input: 'a' }], metrics: [], config: { storeRuns: 'false' as never } })).toThrow(InvalidOptionError);
      expect(existsSync(join(dir, 'llm_eval_runs.db'))).toBe(false);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts every option of the right type, and the slowest rate a timer can space', async () => {
    const result = await new Evaluator({
      task: (x: number) => x,
      dataset: [{ input: 1 }],
      metrics: [],
      config: {
        storeRuns: false,
        keepItems: false,
        tags: ['v2'],
        projectId: 'p',
        runName: 'r',
        description: 'd',
        modelName: 'm',
        modelVersion: '1',
        taskType: 'qa',
        createdBy: 'me',
        runConfig: { temperature: 0.2 },
        audit: { actor: 'me' },
        onProgress: () => undefined,
        requestsPerSecond: 1000 / (2 ** 31 - 1),
      },
    }).run();
    expect(result).toMatchObject({ status: 'completed', totalItems: 1, itemsKept: false });
  });

  it('takes null as "not given" for the options that always read it so (description: null, tags: null)', async () => {
    const result = await new Evaluator({
      task: (x: number) => x,
      dataset: [{ input: 1 }],
      metrics: [],
      config: { storeRuns: false, keepItems: null, description: null, tags: null, projectId: null, runName: null, runConfig: null, onProgress: null } as never,
    }).run();
    expect(result).toMatchObject({ status: 'completed', totalItems: 1, itemsKept: true });
    expect(result.runInfo).toMatchObject({ description: undefined, tags: undefined, projectId: undefined });
  });

  it('run() options of the wrong type are a ConfigError', async () => {
    const evaluator = new Evaluator({ task: (x: number) => x, dataset: [{ input: 1 }], metrics: [], config: { storeRuns: false } });
    await expect(evaluator.run({ signal: 'stop' as never })).rejects.toThrow(ConfigError);
    await expect(evaluator.run({ signal: 'stop' as never })).rejects.toThrow('run({ signal }) must be an AbortSignal');
    await expect(evaluator.run(null as never)).rejects.toThrow('run() takes an object of options');
  });
});
