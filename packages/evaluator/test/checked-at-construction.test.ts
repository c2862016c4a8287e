import { ConfigError, Evaluator, InvalidOptionError, type EvaluatorConfig } from '../src';

// The README says a bad option value or an unknown option name throws "before anything runs or is stored", with names
// checked "in the config, in new Evaluator({...}) and in run({...})". Yet `new Evaluator({ config: { storeRun: false } })`
// and `maxConcurrency: -1` constructed without a word, and only run() threw. The constructor now checks the config's
// names and values too, with the same typed errors: a ConfigError for an unknown name, InvalidOptionError (a
// ConfigError) for a bad value.
describe('new Evaluator() checks its options when it is built', () => {
  const build = (config: EvaluatorConfig, extra: object = {}) => () =>
    new Evaluator({ task: async (x: number) => x, dataset: [{ input: 1 }], metrics: ['exact_match'], config, ...extra });

  it.each<[string, Record<string, unknown>, string]>([
    ['storeRun', { storeRun: false }, 'config has an option the evaluator does not know: "storeRun" (did you mean storeRuns?)'],
    ['store_runs', { store_runs: false }, 'config has an option the evaluator does not know: "store_runs" (did you mean storeRuns?)'],
  ])('an unknown config name (%s) throws a ConfigError suggesting the known one', (_name, config, message) => {
    expect(build(config as EvaluatorConfig)).toThrow(ConfigError);
    expect(build(config as EvaluatorConfig)).toThrow(message);
    // A name is not a value: no InvalidOptionError claims the option "must be" something.
    expect(build(config as EvaluatorConfig)).not.toThrow(InvalidOptionError);
  });

  it.each<[keyof EvaluatorConfig, unknown, string]>([
    ['maxConcurrency', -1, 'config.maxConcurrency must be a whole number >= 1, got -1'],
    ['storeRuns', 'false', 'config.storeRuns must be true or false, got "false"'],
    ['requestsPerSecond', 0, 'config.requestsPerSecond must be a number > 0, got 0'],
    ['executor', {}, 'config.executor must be an object with execute(request)'],
  ])('a bad value (config.%s = %p) throws an InvalidOptionError naming it', (option, value, message) => {
    let error: unknown;
    try {
      build({ [option]: value } as EvaluatorConfig)();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ option, value });
    expect((error as Error).message).toContain(message);
  });

  it('a config that is not an object throws a ConfigError', () => {
    expect(build('fast' as never)).toThrow('config must be an object of options, got a string.');
  });

  it('good options still build and run', async () => {
    const result = await new Evaluator({
      task: async (x: number) => x,
      dataset: [{ input: 1, expected: 1 }],
      metrics: ['exact_match'],
      config: { storeRuns: false, maxConcurrency: 2, tags: null as never },
    }).run();
    expect(result.successfulItems).toBe(1);
  });
});
