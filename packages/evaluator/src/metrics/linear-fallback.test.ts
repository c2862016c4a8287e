import v8 from 'node:v8';

const FLAG = '--enable-experimental-regexp-engine-on-excessive-backtracks';

// The fallback is a process-wide V8 flag: loading the evaluator (whose built-in metrics include a `regex`) must not set
// it for a program that never matches with a `regex` metric; the first item a `regex` metric scores sets it, once.
describe('the linear-time RegExp fallback', () => {
  afterEach(() => jest.restoreAllMocks());

  it('is not set by loading the metrics, and is set once when a regex metric first scores', () => {
    const setFlags = jest.spyOn(v8, 'setFlagsFromString');
    jest.isolateModules(() => {
      const { BUILT_IN_METRICS } = require('./registry') as typeof import('./registry');
      const { createRegex } = require('./regex') as typeof import('./regex');
      const fixed = createRegex({ pattern: '^(a+)+$' });
      const builtIn = BUILT_IN_METRICS.regex!;
      expect(setFlags).not.toHaveBeenCalled();

      const context = require('./test-context').testContext();
      expect(builtIn('Order #123', '#\\d+', undefined, context)).toBe(true);
      expect(fixed(`${'a'.repeat(40)}!`, undefined, undefined, context)).toBe(false);
      expect(builtIn('abc', '^a', undefined, context)).toBe(true);
      expect(setFlags.mock.calls).toEqual([[FLAG]]);
    });
  });
});
