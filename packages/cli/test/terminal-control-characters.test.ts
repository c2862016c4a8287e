import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// A model output, an item id, a run name or an error message is text from elsewhere (a model, a dataset, a shared
// database). Printed raw, `ESC ] 0 ; … BEL` retitles the terminal of whoever lists the run, `ESC [ 2 J` clears it,
// OSC 52 writes its clipboard and U+202E reverses the rest of the line. Human output shows them instead.
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u0000\u009b31m\u202eend';
// The same without NUL, which a command-line argument cannot hold.
const HOSTILE_ARG = HOSTILE.replace('\u0000', '');
// What a terminal would act on: C0 but tab and newline, DEL, C1, bidi overrides (no colours: NO_COLOR is set).
const ACTS_ON_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-controls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
const dataset = path.join(dir, 'data.jsonl');
writeFileSync(
  dataset,
  [
    JSON.stringify({ id: `ok${HOSTILE}`, input: 'fine', expected: 'x' }),
    JSON.stringify({ id: 'boom', input: 'explode', expected: 'x', [`extra${HOSTILE}`]: 1 }),
  ].join('\n'),
);
const task = path.join(dir, 'task.mjs');
writeFileSync(
  task,
  `export default (input) => { if (input === 'explode') throw new Error(${JSON.stringify(`bad${HOSTILE}`)}); return ${JSON.stringify(`out${HOSTILE}`)}; };`,
);

describe('control characters in stored text', () => {
  let runId: string;

  beforeAll(async () => {
    const run = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--name', `run${HOSTILE_ARG}`, '--json', '--database-url', url]);
    expect(run.code).toBe(0);
    // --json keeps the text exactly as stored.
    const result = JSON.parse(run.stdout) as { runId: string; runName: string; failures: Array<{ message: string }> };
    expect(result.runName).toBe(`run${HOSTILE_ARG}`);
    expect(result.failures[0]!.message).toBe(`bad${HOSTILE}`);
    runId = result.runId;
  });

  it('are shown, not obeyed, by evaluate (summary, failures and dataset warnings)', async () => {
    const run = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--name', `again${HOSTILE_ARG}`, '--database-url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('bad␛]0;pwned␇␛[2J␀\\u{9b}31m\\u{202e}end');
    expect(run.stderr).toContain('extra␛]0;pwned␇');
    expect(run.stdout).not.toMatch(ACTS_ON_TERMINAL);
    expect(run.stderr).not.toMatch(ACTS_ON_TERMINAL);
  });

  it.each([
    ['runs list', ['runs', 'list']],
    ['runs show', ['runs', 'show', 'RUN']],
    ['runs items', ['runs', 'items', 'RUN']],
    ['runs search', ['runs', 'search', 'run']],
  ])('are shown, not obeyed, by %s', async (_, args) => {
    const run = await runCli([...args.map((a) => (a === 'RUN' ? runId : a)), '--database-url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('␛]0;pwned␇␛[2J');
    expect(run.stdout).not.toMatch(ACTS_ON_TERMINAL);
    expect(run.stderr).not.toMatch(ACTS_ON_TERMINAL);
  });

  it('are shown, not obeyed, in an error that quotes them', async () => {
    const run = await runCli(['runs', 'show', `nope${HOSTILE_ARG}`, '--database-url', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nope␛]0;pwned␇');
    expect(run.stderr).not.toMatch(ACTS_ON_TERMINAL);
  });

  it('stay as stored in --json output', async () => {
    const run = await runCli(['runs', 'items', runId, '--json', '--database-url', url]);
    const page = JSON.parse(run.stdout) as { items: Array<{ itemId: string; actualOutput: string | null }> };
    expect(page.items.map((i) => i.itemId)).toContain(`ok${HOSTILE}`);
    expect(page.items.map((i) => i.actualOutput)).toContain(`out${HOSTILE}`);
  });
});
