import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// LLM_EVAL_DEBUG=yes was silently ignored: storage logs SQL only for exactly `1`. The CLI reads the usual true/false
// spellings and refuses a value it cannot read (exit 2, naming the variable), before the command does anything.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-debug-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SQL_LOG = /^\[llm-eval sql\] \d+ ms SELECT/m;

describe('LLM_EVAL_DEBUG', () => {
  const database = useEmptyDatabase('sqlite');
  beforeAll(async () => (await initializeDatabase({ url: database.url })).close());
  const list = (value: string | undefined) => runCli(['runs', 'list', '--json', '--database-url', database.url], { cwd: dir, env: { LLM_EVAL_DEBUG: value } });

  it.each(['1', 'true', 'yes', 'on', 'YES', ' On '])('%j logs every SQL statement on stderr', async (value) => {
    const r = await list(value);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(SQL_LOG);
    expect(JSON.parse(r.stdout).total).toBe(0);
  });

  it.each(['0', 'false', 'no', 'off', 'OFF', ''])('%j logs nothing', async (value) => {
    const r = await list(value);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('unset logs nothing', async () => {
    const r = await list(undefined);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it.each([[['runs', 'list']], [['db', 'health']], [['tokens', 'list']]])('an unknown value is refused by %j: exit 2 naming the variable and the accepted values', async (args) => {
    const r = await runCli([...args, '--database-url', database.url], { cwd: dir, env: { LLM_EVAL_DEBUG: 'maybe' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('llm-eval: LLM_EVAL_DEBUG must be 1, true, yes or on (log every SQL statement) or 0, false, no or off; got "maybe". Fix LLM_EVAL_DEBUG or unset it.\n');
    expect(r.stdout).toBe('');
  });
});
