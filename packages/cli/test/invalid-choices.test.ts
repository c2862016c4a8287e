import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// `runs list --status runing` printed yargs's raw "Invalid values:\n  Argument: status, Given: "runing", Choices: …"
// over two lines, with no suggestion, unlike every other usage error. It is one line naming the valid values and the
// closest one (exit 2, as before).
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-invalid-choices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Nothing here may reach a database: a SQLite path that does not exist proves it (read commands would refuse it).
const db = ['--database-url', `sqlite:///${path.join(dir, 'none.db')}`];
const STATUSES = 'Valid values: running, abandoned, completed, failed, cancelled.';

describe('a value that is not among an option\'s choices', () => {
  it.each([
    [['runs', 'list', '--status', 'runing'], `--status "runing" is not a valid value; did you mean running? ${STATUSES}`, 'runs list'],
    [['runs', 'list', '--status', 'Failed'], `--status "Failed" is not a valid value; did you mean failed? ${STATUSES}`, 'runs list'],
    [['runs', 'list', '--status', 'abandon'], `--status "abandon" is not a valid value; did you mean abandoned? ${STATUSES}`, 'runs list'],
    [['runs', 'list', '--status', 'running,failed'], `--status "running,failed" is not a valid value; did you mean --status running failed? ${STATUSES}`, 'runs list'],
    [['runs', 'list', '--status', 'running', 'runing', 'xyz'], `--status "runing" (did you mean running?) and "xyz" are not valid values. ${STATUSES}`, 'runs list'],
    [
      ['runs', 'list', '--status', 'bogus', '--sort', 'creatdAt'],
      `--status "bogus" is not a valid value. ${STATUSES} --sort "creatdAt" is not a valid value; did you mean createdAt? Valid values: createdAt, name, status, successRate, durationSeconds, totalTokens, totalCost.`,
      'runs list',
    ],
    [['runs', 'prune', '--older-than', '30d', '--status', 'faild'], `--status "faild" is not a valid value; did you mean failed? ${STATUSES}`, 'runs prune'],
    [['runs', 'trend', 'exact_match', '--bucket', 'weak'], '--bucket "weak" is not a valid value; did you mean week? Valid values: day, week.', 'runs trend'],
  ])('%j: one line with the valid values and a suggestion, exit 2', async (args, message, command) => {
    const r = await runCli([...args, ...db], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`llm-eval: ${message}\nRun llm-eval ${command} --help for usage.\n`);
  });
});
