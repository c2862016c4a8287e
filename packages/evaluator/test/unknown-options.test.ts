import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, Evaluator, type EvaluatorConfig } from '../src';
import { thrownBy } from './support/thrown-by';

// A misspelt option was ignored while its default applied: `storeRun: false` stored the run and created
// ./llm_eval_runs.db. Every option name is now checked before anything runs or is stored: the config's and the
// Evaluator's own when it is built, run()'s when it is called.
describe('unknown option names', () => {
  let dir: string;
  let cwd: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'llm-eval-unknown-'));
    cwd = process.cwd();
    process.chdir(dir);
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each<[string, string]>([
    ['storeRun', 'storeRuns'],
    ['store_runs', 'storeRuns'],
    ['keep-items', 'keepItems'],
    ['MaxConcurrency', 'maxConcurrency'],
    ['concurency', ''],
    ['timeout', 'timeoutMs'],
  ])('config.%s is refused when the Evaluator is built, suggesting %p, before any task call or database file', (name, suggestion) => {
    const task = jest.fn((x: string) => x);
    const config = { [name]: false } as EvaluatorConfig;
    const error = thrownBy(() => new Evaluator({ task, dataset: [{ input: 'a' }], metrics: [], config }));
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(`config has an option the evaluator does not know: "${name}"`);
    if (suggestion) expect(message).toContain(`(did you mean ${suggestion}?)`);
    else expect(message).not.toContain('did you mean');
    expect(message).toContain('Its options are: storeRuns, keepItems,');
    expect(task).not.toHaveBeenCalled();
    expect(existsSync(join(dir, 'llm_eval_runs.db'))).toBe(false);
  });

  it('names several unknown options at once, at most five, and how many more', () => {
    const config = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`zz${i}qq`, i])) as EvaluatorConfig;
    const error = thrownBy(() => new Evaluator({ task: (x: string) => x, dataset: [{ input: 'a' }], metrics: [], config }));
    expect((error as Error).message).toContain('config has options the evaluator does not know: "zz0qq", "zz1qq", "zz2qq", "zz3qq", "zz4qq" and 2 more.');
  });

  it('a long unknown name is cut in the message', () => {
    const name = 'x'.repeat(5000);
    const error = thrownBy(() => new Evaluator({ task: (x: string) => x, dataset: [{ input: 'a' }], metrics: [], config: { [name]: 1 } as EvaluatorConfig }));
    expect((error as Error).message.length).toBeLessThan(1000);
  });

  it('new Evaluator() refuses a misspelt top-level option (metric for metrics)', () => {
    expect(() => new Evaluator({ task: (x: string) => x, dataset: [{ input: 'a' }], metric: ['exact_match'] } as never)).toThrow(
      'new Evaluator() has an option the evaluator does not know: "metric" (did you mean metrics?)',
    );
    expect(() => new Evaluator(null as never)).toThrow(ConfigError);
  });

  // A config option given beside task, dataset and metrics was called one "the evaluator does not know": it knows it,
  // it belongs in config. Every config option given at the top level is now told so, with where to write it.
  const EVERY_CONFIG_OPTION: Record<keyof EvaluatorConfig, unknown> = {
    storeRuns: false, keepItems: true, databaseUrl: 'sqlite:///./x.db', databaseUrlSource: '--database-url', projectId: 'geo',
    createdBy: 'ci', audit: { actor: 'ci' }, tags: ['a'], runName: 'n', description: 'd', datasetName: 'ds', modelName: 'm',
    modelVersion: 'v', taskType: 't', runConfig: {}, maxConcurrency: 2, timeoutMs: 1000, metricTimeoutMs: 1000, maxValueChars: 1000,
    retries: 0, retryBaseDelayMs: 1, retryMaxDelayMs: 1, maxRetryAfterMs: 1, retryOn: () => false, requestsPerSecond: 1000, storageBatchSize: 10,
    storageFlushIntervalMs: 10, onProgress: () => undefined, executor: { execute: () => undefined },
  };

  it('new Evaluator({ storeRuns: false }) says storeRuns belongs in config, and how to write it there', () => {
    const task = jest.fn((x: string) => x);
    const error = thrownBy(() => new Evaluator({ task, dataset: [{ input: 'a' }], metrics: [], storeRuns: false } as never));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      '"storeRuns" belongs in config: new Evaluator({ …, config: { storeRuns: false } }). ' +
        'new Evaluator() takes only task, dataset, metrics, config: move it into config and run again.',
    );
    expect(task).not.toHaveBeenCalled();
    expect(existsSync(join(dir, 'llm_eval_runs.db'))).toBe(false);
  });

  it.each(Object.keys(EVERY_CONFIG_OPTION))('new Evaluator() given config option %s at the top level says it belongs in config', (name) => {
    const options = { task: (x: string) => x, dataset: [{ input: 'a' }], metrics: [], [name]: EVERY_CONFIG_OPTION[name as keyof EvaluatorConfig] };
    const message = (thrownBy(() => new Evaluator(options as never)) as Error).message;
    expect(message).toMatch(new RegExp(`^"${name}" belongs in config: new Evaluator\\(\\{ …, config: \\{ ${name}: `));
    expect(message).not.toContain('does not know');
  });

  it('shows a value only when it is true, false or a number (a databaseUrl may hold a password)', () => {
    const message = (thrownBy(() =>
      new Evaluator({ task: (x: string) => x, dataset: [{ input: 'a' }], metrics: [], projectId: 'geo', maxConcurrency: 4, databaseUrl: 'postgresql://u:hunter2@db/x' } as never),
    ) as Error).message;
    expect(message).toContain('"projectId", "maxConcurrency" and "databaseUrl" belong in config: new Evaluator({ …, config: { projectId: …, maxConcurrency: 4, databaseUrl: … } }).');
    expect(message).toContain('move them into config');
    expect(message).not.toContain('hunter2');
  });

  it('names misplaced config options and unknown ones apart', () => {
    const message = (thrownBy(() =>
      new Evaluator({ task: (x: string) => x, dataset: [{ input: 'a' }], metric: ['exact_match'], storeRuns: false } as never),
    ) as Error).message;
    expect(message).toBe(
      '"storeRuns" belongs in config: new Evaluator({ …, config: { storeRuns: false } }). ' +
        'new Evaluator() has an option the evaluator does not know: "metric" (did you mean metrics?). ' +
        'Its options are: task, dataset, metrics, config. Fix or remove it and run again.',
    );
  });

  it('run({ storeRuns: false }) says storeRuns belongs in the config of new Evaluator()', async () => {
    const evaluator = new Evaluator({ task: (x: string) => x, dataset: [{ input: 'a' }], metrics: [], config: { storeRuns: false } });
    await expect(evaluator.run({ storeRuns: false } as never)).rejects.toThrow(
      '"storeRuns" belongs in config: new Evaluator({ …, config: { storeRuns: false } }). run() takes only signal, failSignal, onProgress: move it into config and run again.',
    );
  });

  it('run() refuses a misspelt run option (onProgres) before any task call', async () => {
    const task = jest.fn((x: string) => x);
    const evaluator = new Evaluator({ task, dataset: [{ input: 'a' }], metrics: [], config: { storeRuns: false } });
    await expect(evaluator.run({ onProgres: () => undefined } as never)).rejects.toThrow('run() has an option the evaluator does not know: "onProgres" (did you mean onProgress?)');
    expect(task).not.toHaveBeenCalled();
  });

  it('every documented option is still accepted', async () => {
    const config: EvaluatorConfig = {
      storeRuns: false, keepItems: true, projectId: undefined, tags: ['a'], runName: 'n', description: 'd', datasetName: 'ds',
      modelName: 'm', modelVersion: 'v', taskType: 't', runConfig: {}, maxConcurrency: 2, timeoutMs: 1000, metricTimeoutMs: 1000,
      maxValueChars: 1000, retries: 0, retryBaseDelayMs: 1, retryMaxDelayMs: 1, maxRetryAfterMs: 1, retryOn: () => false, requestsPerSecond: 1000,
      storageBatchSize: 10, storageFlushIntervalMs: 10, onProgress: () => undefined,
    };
    const result = await new Evaluator({ task: (x: string) => x, dataset: [{ input: 'a', expected: 'a' }], metrics: ['exact_match'], config }).run();
    expect(result.successfulItems).toBe(1);
  });
});
