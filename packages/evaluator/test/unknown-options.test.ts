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
      maxValueChars: 1000, retries: 0, retryBaseDelayMs: 1, retryMaxDelayMs: 1, retryOn: () => false, requestsPerSecond: 1000,
      storageBatchSize: 10, storageFlushIntervalMs: 10, onProgress: () => undefined,
    };
    const result = await new Evaluator({ task: (x: string) => x, dataset: [{ input: 'a', expected: 'a' }], metrics: ['exact_match'], config }).run();
    expect(result.successfulItems).toBe(1);
  });
});
