import * as evaluatorPackage from '@llm-eval/evaluator';
import * as searchPackage from '@llm-eval/search';
import * as storagePackage from '@llm-eval/storage';
import { CliError } from './errors';
import { handle } from './handle';

// handle() checks the environment through storage, which the CLI loads lazily with import.meta.url (an ES module
// Jest's CommonJS cannot load): the test loads the sources directly.
jest.mock('./libraries', () => ({ storage: () => jest.requireActual('@llm-eval/storage') }));

type ErrorClass = new (...args: never[]) => Error;

/** Every error class a package exports (found, not listed, so one added later is covered too). */
function errorClasses(pkg: Record<string, unknown>): Array<[string, ErrorClass]> {
  return Object.entries(pkg).filter((entry): entry is [string, ErrorClass] => typeof entry[1] === 'function' && entry[1].prototype instanceof Error);
}

/** Constructor arguments for the classes whose constructors take more than a message. */
const ARGS: Record<string, unknown[]> = {
  RunNotFoundError: ['0b7c…'],
  DuplicateItemError: ['run-1', 'q1'],
  ItemsRejectedError: ['run-1', 9, [{ itemId: 'q1', index: 0, error: new storagePackage.ValidationError('too long') }]],
  ItemsNotStoredError: ['run-1', [{ itemId: 'q1', reason: 'too long' }], 9],
  UnknownMetricError: ['nope', ['exact_match']],
  InvalidOptionError: ['metricTimeoutMs', -1, 'a whole number ≥ 1'],
  InvalidRunDetailsError: ['projectId', 'Invalid run field "projectId": must be a slug.'],
  RunClosedElsewhereError: ['0b7c1e2d-0000-4000-8000-000000000000', 'cancelled'],
  MetricTimeoutError: ['judge', 50],
  TaskTimeoutError: [50],
  DuplicateImportError: ['run-1', 'nightly'],
  QuerySyntaxError: ['unexpected word', 'failed runs of', 12],
  ModelApiError: ['bad request', 400],
  TokenAlreadyRevokedError: ['0b7c…', new Date(0)],
};

const USAGE = new Set([
  'QuerySyntaxError',
  'InvalidDatabaseUrlError',
  'ValidationError',
  'InvalidCursorError',
  'ConfigError',
  'InvalidOptionError',
  // Run details the database refused when the run was created (a ConfigError): bad input, before any item ran.
  'InvalidRunDetailsError',
  // A malformed environment variable (LLM_EVAL_HEARTBEAT_TIMEOUT) is a setting the user fixes, like a bad option.
  'InvalidEnvironmentError',
  // Storage's access errors are ValidationErrors: a bad token option, audit filter or retention policy is bad input.
  'InvalidTokenOptionError',
  'InvalidAuditEntryError',
  'InvalidRetentionPolicyError',
  // Comparing a run with itself, or comparison options that make no sense: the command line, not the stored runs.
  'ComparisonError',
]);

const cases = [...errorClasses(storagePackage), ...errorClasses(evaluatorPackage), ...errorClasses(searchPackage)].map(
  ([name, ErrorType]) => [name, ErrorType, USAGE.has(name) ? 2 : 1] as const,
);

/** Runs a handler that throws `error`; returns what it wrote to stderr and the exit code it set. */
async function report(error: unknown, verbose = false): Promise<{ stderr: string; exitCode: number | undefined }> {
  return run(async () => {
    throw error;
  }, verbose);
}

/** Runs a handler through handle(); returns what it wrote to stderr and the exit code it set. */
async function run(
  command: () => Promise<number | void>,
  verbose = false,
  options: Parameters<typeof handle>[1] = {},
): Promise<{ stderr: string; exitCode: number | undefined }> {
  const write = process.stderr.write;
  const exitCode = process.exitCode;
  let stderr = '';
  process.stderr.write = ((chunk: string) => {
    stderr += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    await handle(command, options)({ verbose, _: [], $0: 'llm-eval' } as never);
    return { stderr, exitCode: process.exitCode as number | undefined };
  } finally {
    process.stderr.write = write;
    process.exitCode = exitCode;
  }
}

describe('a typed error from any package is one line with its exit code', () => {
  it('finds the error classes of storage, evaluator and search', () => {
    expect(cases.map(([name]) => name)).toEqual(
      expect.arrayContaining(['DatabaseBusyError', 'ItemsRejectedError', 'DuplicateImportError', 'RunNotRecoverableError', 'RunWriterAliveError', 'InvalidOptionError', 'QuerySyntaxError', 'DriverNotInstalledError', 'ItemsNotStoredError']),
    );
  });

  it.each(cases)('%s: one line, no "--verbose" hint', async (name, ErrorType, code) => {
    const error = Reflect.construct(ErrorType, ARGS[name] ?? ['what went wrong and how to fix it']) as Error;
    const { stderr, exitCode } = await report(error);
    expect(stderr).toBe(`llm-eval: ${error.message}\n`);
    expect(exitCode).toBe(code);
  });

  it('a CliError keeps its own exit code', async () => {
    expect(await report(new CliError('bad flag', 2))).toEqual({ stderr: 'llm-eval: bad flag\n', exitCode: 2 });
  });

  it('an unexpected error says to run again with --verbose, and --verbose prints its stack', async () => {
    const plain = await report(new TypeError('x is undefined'));
    expect(plain).toEqual({ stderr: 'llm-eval: x is undefined\n(run again with --verbose for details)\n', exitCode: 1 });
    const verbose = await report(new TypeError('x is undefined'), true);
    expect(verbose.stderr).toMatch(/^llm-eval: x is undefined\nTypeError: x is undefined\n\s+at /);
  });
});

describe('the environment is checked before any command runs', () => {
  const previous = { ...process.env };
  afterEach(() => {
    for (const key of ['LLM_EVAL_DEBUG', 'LLM_EVAL_HEARTBEAT_TIMEOUT']) {
      if (previous[key] === undefined) delete process.env[key];
      else process.env[key] = previous[key];
    }
  });

  it.each([
    ['LLM_EVAL_HEARTBEAT_TIMEOUT', 'abc', /^llm-eval: LLM_EVAL_HEARTBEAT_TIMEOUT must be a positive number of seconds .* Fix LLM_EVAL_HEARTBEAT_TIMEOUT or unset it/],
    ['LLM_EVAL_DEBUG', 'maybe', /^llm-eval: LLM_EVAL_DEBUG must be 1, true, yes or on .*; got "maybe"\. Fix LLM_EVAL_DEBUG or unset it\.$/],
  ])('a malformed %s (%j) is exit 2 and the command never runs', async (name, value, message) => {
    process.env[name] = value;
    let ran = false;
    const { stderr, exitCode } = await run(async () => {
      ran = true;
    });
    expect(exitCode).toBe(2);
    expect(stderr.trimEnd()).toMatch(message);
    expect(ran).toBe(false);
  });

  it('a command that opens no database (evaluate --no-store) is not stopped by it', async () => {
    process.env.LLM_EVAL_HEARTBEAT_TIMEOUT = 'abc';
    const { stderr, exitCode } = await run(async () => 0, false, { opensDatabase: () => false });
    expect({ stderr, exitCode }).toEqual({ stderr: '', exitCode: 0 });
  });
});
