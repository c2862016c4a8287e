import path from 'node:path';
import ts from 'typescript';
import { Evaluator, withUsage, type TaskContext } from '../src';

interface Question {
  question: string;
  context?: string;
}

const answer = async (input: Question): Promise<string> => (input.question.includes('France') ? 'Paris' : 'unknown');

/**
 * Type-level checks: compiled by `tsc` (the package's typecheck) and by the test at the end of this file. Each
 * `@ts-expect-error` pins a mistake the types must catch; if the types loosen, the directive is unused and compiling
 * this file fails.
 */
function typeLevelChecks(): void {
  // A typed task, a dataset of its inputs, and metrics that see its output, the expected values and the input.
  new Evaluator({
    task: answer,
    dataset: [{ id: 'fr', input: { question: 'Capital of France?' }, expected: 'Paris' }],
    metrics: [
      'exact_match',
      (output) => output.length < 100,
      {
        name: 'mentions_expected',
        fn: (output, expected, input, item) => {
          const text: string = output;
          const reference: string | undefined = expected;
          const question: Question = input;
          const again: Question = item.input;
          return reference !== undefined && text.includes(reference) && question === again;
        },
      },
    ],
    config: { storeRuns: false },
  });

  new Evaluator({
    task: answer,
    // @ts-expect-error the dataset's inputs must be what the task takes (a number is not a Question)
    dataset: [{ input: 42, expected: 'Paris' }],
    metrics: [],
  });

  new Evaluator({
    task: answer,
    dataset: [{ input: { question: 'Capital of Japan?' } }],
    // @ts-expect-error metrics see the task's output type: a string has no toFixed
    metrics: [(output) => output.toFixed(2) === '1.00'],
  });

  new Evaluator({
    task: answer,
    dataset: [{ input: { question: 'q' }, expected: 'Paris' }],
    // @ts-expect-error an item may have no expected value, so a metric must accept undefined
    metrics: [{ name: 'strict', fn: (output: string, expected: string) => output === expected }],
  });

  // An untyped task gets its input type from the dataset; a file dataset takes the task's input type.
  new Evaluator({ task: (input) => input.question.length, dataset: [{ input: { question: 'x' } }], metrics: [] });
  new Evaluator({ task: (input: Question, context: TaskContext<Question>) => context.item.input.question, dataset: './questions.jsonl', metrics: [] });
  new Evaluator({
    // @ts-expect-error with the input inferred from the dataset, a misspelt field is caught
    task: (input) => input.questoin,
    dataset: [{ input: { question: 'x' } }],
    metrics: [],
  });

  // Metrics see a withUsage result as its output.
  new Evaluator({
    task: async (input: Question) => withUsage(input.question, { tokensUsed: 3 }),
    dataset: [{ input: { question: 'x' } }],
    metrics: [(output) => output.startsWith('x')],
  });

  // Untyped code keeps working as before.
  const anyTask: (input: unknown) => unknown = (input) => input;
  new Evaluator({ task: anyTask, dataset: [{ input: 1 }, { input: 'two', expected: { three: 3 } }], metrics: ['exact_match'] });
}

describe('typed Evaluator', () => {
  it('runs a (input: Question) => Promise<string> task under strict without casts', async () => {
    const evaluator = new Evaluator({
      task: answer,
      dataset: [
        { id: 'fr', input: { question: 'Capital of France?' }, expected: 'Paris' },
        { id: 'jp', input: { question: 'Capital of Japan?' }, expected: 'Tokyo' },
      ],
      metrics: ['exact_match', { name: 'short', fn: (output) => output.length < 10 }],
      config: { storeRuns: false },
    });
    const result = await evaluator.run();
    expect(result.items.map((i) => [i.id, i.output, i.scores.exact_match, i.scores.short])).toEqual([
      ['fr', 'Paris', 1, true],
      ['jp', 'unknown', 0, true],
    ]);
    expect(typeof typeLevelChecks).toBe('function');
  });

  it('compiles this file under the package tsconfig (strict) with no errors, so every @ts-expect-error still catches its mistake', () => {
    const root = path.join(__dirname, '..');
    const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
    expect(parsed.options.strict).toBe(true);
    const program = ts.createProgram([__filename], { ...parsed.options, noEmit: true });
    const source = program.getSourceFile(__filename)!;
    // Only this file is checked (the package typecheck covers the rest), which keeps the test quick.
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    const messages = diagnostics.map((d) => `line ${source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(messages).toEqual([]);
    // Loading the compiler and the standard library takes a while on a busy machine.
  }, 180_000);
});
