import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, runCli } from './cli-process';

// Colour codes in stored text reached the terminal raw, even with NO_COLOR or in a file: a run named `nightly ESC[8m`
// concealed the rest of its row in `runs list`, `ESC[31m…ESC[0m` in an output turned `runs show` red. Every escape
// sequence of user text is now shown (␛[8m) before the CLI adds its own colours, which still show on a terminal.
const CONCEAL = '\u001b[8m';
const BLACK_ON_BLACK = '\u001b[30;40m';
const RED = '\u001b[31mRED\u001b[0m';
const TITLE = '\u001b]0;title\u0007';
const C1_CSI = '\u009b31m';
const HOSTILE = `${CONCEAL}${BLACK_ON_BLACK}${RED}${TITLE}${C1_CSI}`;
const SHOWN = '␛[8m␛[30;40m␛[31mRED␛[0m␛]0;title␇\\u{9b}31m';
// What a table cell cut to fit still shows.
const SHOWN_START = '␛[8m␛[30;40m␛[31mRED';
// Any ESC, any C1 (CSI included), the other controls a terminal acts on.
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-colour-escapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
const dataset = path.join(dir, 'data.jsonl');
writeFileSync(
  dataset,
  [
    JSON.stringify({ id: `ok${HOSTILE}`, input: 'fine', expected: 'x' }),
    JSON.stringify({ id: 'boom', input: 'explode', expected: 'x' }),
    JSON.stringify({ id: 'boom2', input: 'explode', expected: 'x' }),
  ].join('\n'),
);
const task = path.join(dir, 'task.mjs');
writeFileSync(
  task,
  `export default (input) => { if (input === 'explode') throw new Error(${JSON.stringify(`bad${HOSTILE}`)}); return ${JSON.stringify(`out${HOSTILE}`)}; };`,
);
const runArgs = (name: string) => ['evaluate', '--task', task, '--dataset', dataset, '--name', name, '--model', `m${HOSTILE}`, '--tag', `t${HOSTILE}`, '--database-url', url];

// util-linux `script` gives the binary a terminal (200 columns, so no cell is cut), where its colours are on.
const SCRIPT = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p)) ?? '/usr/bin/script';
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
function onTerminal(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const command = `stty cols 200 rows 50; exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm' };
    delete env.NO_COLOR;
    delete env.LLM_EVAL_DATABASE_URL;
    // A user's terminal, not a CI service's log: the table's border colours come from cli-table3's colour library,
    // which turns colour off whenever CI (or TEAMCITY_VERSION) is set, whatever the terminal.
    delete env.CI;
    delete env.TEAMCITY_VERSION;
    const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(output);
    });
  });
}

describe('escape sequences in stored text', () => {
  let first: string;
  let second: string;

  beforeAll(async () => {
    const a = await runCli([...runArgs(`nightly${HOSTILE}`), '--json']);
    expect(a.code).toBe(0);
    // --json keeps the text exactly as stored (JSON escapes ESC itself).
    const result = JSON.parse(a.stdout) as { runId: string; runName: string; failures: Array<{ message: string; count: number }> };
    expect(result.runName).toBe(`nightly${HOSTILE}`);
    expect(result.failures).toEqual([{ type: 'Error', message: `bad${HOSTILE}`, count: 2 }]);
    first = result.runId;
    const b = await runCli([...runArgs(`again${HOSTILE}`), '--json']);
    second = (JSON.parse(b.stdout) as { runId: string }).runId;
  });

  it('are shown by evaluate: the run name, the failure summary and the progress lines', async () => {
    const run = await runCli(runArgs(`third${HOSTILE}`));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`third${SHOWN}: 3 items`);
    expect(run.stdout).toContain(`  2 × Error: bad${SHOWN}`);
    expect(run.stderr).toContain('evaluating 3 items');
    expect(run.stdout).not.toMatch(RAW);
    expect(run.stderr).not.toMatch(RAW);
  });

  it.each([
    ['runs list', ['runs', 'list'], `nightly${SHOWN_START}`],
    ['runs show', ['runs', 'show', 'FIRST'], `out${SHOWN}`],
    ['runs items', ['runs', 'items', 'FIRST'], `ok${SHOWN_START}`],
    ['runs compare', ['runs', 'compare', 'FIRST', 'SECOND'], `again${SHOWN}`],
    ['runs compare --format markdown', ['runs', 'compare', 'FIRST', 'SECOND', '--format', 'markdown'], 'again␛\\[8m'],
    ['runs search', ['runs', 'search', 'nightly'], `nightly${SHOWN_START}`],
  ])('are shown by %s, with NO_COLOR and piped without it', async (_, args, shown) => {
    const named = args.map((a) => (a === 'FIRST' ? first : a === 'SECOND' ? second : a));
    for (const env of [{}, { NO_COLOR: undefined }]) {
      const run = await runCli([...named, '--database-url', url], { env });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(shown);
      expect(run.stdout).not.toMatch(RAW);
      expect(run.stderr).not.toMatch(RAW);
    }
  });

  it('are shown in errors and warnings that quote the command line', async () => {
    const missing = await runCli(['runs', 'show', `nope${HOSTILE}`, '--database-url', url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`nope${SHOWN}`);
    const usage = await runCli(['runs', 'list', '--status', `x${HOSTILE}`, '--database-url', url]);
    expect(usage.code).toBe(2);
    const search = await runCli(['runs', 'search', `name:"x${HOSTILE}`, '--database-url', url]);
    expect(search.code).toBe(2);
    for (const run of [missing, usage, search]) {
      expect(run.stdout).not.toMatch(RAW);
      expect(run.stderr).not.toMatch(RAW);
    }
  });

  it('are shown on a terminal, where the CLI keeps only its own colours', async () => {
    const list = await onTerminal(['runs', 'list', '--database-url', url]);
    const show = await onTerminal(['runs', 'show', first, '--database-url', url]);
    for (const output of [list, show]) {
      // Ours: a green status.
      expect(output).toContain('\u001b[32mcompleted\u001b[39m');
      expect(output).toContain(`nightly${SHOWN_START}`);
      for (const raw of [CONCEAL, BLACK_ON_BLACK, '\u001b[31mRED', 'RED\u001b[0m', '\u001b]0;', '\u009b']) expect(output).not.toContain(raw);
    }
    // The table's grey borders, the run name in bold.
    expect(list).toContain('\u001b[90m│\u001b[39m');
    expect(show).toContain(`\u001b[1mnightly${SHOWN}\u001b[22m`);
    expect(show).toContain(`out${SHOWN}`);
    expect(show).toContain(`Error: bad${SHOWN}`);
  });

  it('stay as stored in --json output', async () => {
    const run = await runCli(['runs', 'items', first, '--json', '--database-url', url]);
    const page = JSON.parse(run.stdout) as { items: Array<{ itemId: string; actualOutput: string | null; errorMessage?: string | null }> };
    expect(page.items.map((i) => i.itemId)).toContain(`ok${HOSTILE}`);
    expect(page.items.map((i) => i.actualOutput)).toContain(`out${HOSTILE}`);
    const listed = JSON.parse((await runCli(['runs', 'list', '--json', '--database-url', url])).stdout) as { runs: Array<{ name: string; modelName: string | null; tags: string[] }> };
    expect(listed.runs.map((r) => r.name)).toContain(`nightly${HOSTILE}`);
    expect(listed.runs[0]!.modelName).toBe(`m${HOSTILE}`);
    expect(listed.runs[0]!.tags).toEqual([`t${HOSTILE}`]);
  });
});
