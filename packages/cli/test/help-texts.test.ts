import { runCli } from './cli-process';

// --help says what a command takes as it is: a run is named by its id, a unique id prefix, its exact name, or
// latest / latest~N in every command (README, "Naming runs"), and `completion --help` is help, not the script.
describe('--help of the commands that name runs', () => {
  it.each([['show'], ['export'], ['delete'], ['recover'], ['compare']])('runs %s --help lists the exact run name among the run forms', async (command) => {
    const r = await runCli(['runs', command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/unique id prefix(es)?, exact run names?, latest or latest~N/);
  });
});

describe('llm-eval completion', () => {
  it('--help prints the help of the command, not the completion script', async () => {
    const r = await runCli(['completion', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^llm-eval completion\n\nPrint a shell completion script/);
    expect(r.stdout).not.toContain('###-begin-llm-eval-completions-###');
  });

  it('without --help still prints the script, which completes commands through --get-yargs-completions', async () => {
    const script = await runCli(['completion']);
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('###-begin-llm-eval-completions-###');
    expect(script.stdout).toContain('llm-eval --get-yargs-completions');
    const completions = await runCli(['--get-yargs-completions', 'llm-eval', 'runs', 'sh']);
    expect(completions.code).toBe(0);
    expect(completions.stdout.split('\n')).toContain('show');
  });
});

// --queue-prefix works on every command that reaches the queue, and README documents it: the help shows it too, saying
// what it is for, so two deployments sharing one Redis can find how to keep their queues apart.
describe('--queue-prefix in the help', () => {
  it.each([[['worker']], [['evaluate']], [['queue', 'status']], [['runs', 'cancel']]])('%j --help lists --queue-prefix with its purpose and default', async (command) => {
    const r = await runCli([...command, '--help']);
    expect(r.code).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/--queue-prefix .*Redis key prefix/);
    expect(help).toMatch(/--queue-prefix .*sharing one Redis/);
    expect(help).toMatch(/--queue-prefix .*default llm-eval/);
    expect(help).toMatch(/--queue-prefix .*LLM_EVAL_QUEUE_PREFIX/);
  });
});
