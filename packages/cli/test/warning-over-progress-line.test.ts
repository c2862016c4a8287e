import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN } from './cli-process';

// On a terminal evaluate draws its progress bar in place on stderr, without a line break. A warning written mid-run
// (the value-cut warning) went onto the bar's line: "░░░░ 1/3 items · … llm-eval: warning: item "big": …". A note
// written while the bar is shown now clears the bar's line first and draws the bar again below it.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-warning-over-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default async () => "ok";\n');
const dataset = path.join(dir, 'data.jsonl');
writeFileSync(
  dataset,
  [
    { id: 'small', input: 'a', expected: 'ok' },
    { id: 'big', input: 'y'.repeat(5_000), expected: 'ok' },
  ]
    .map((item) => JSON.stringify(item))
    .join('\n'),
);

// util-linux `script` gives the binary a terminal, as terminal-colour-escapes.test.ts does.
const SCRIPT = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p)) ?? '/usr/bin/script';
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
function onTerminal(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const command = `stty cols 200 rows 50; exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm' };
    delete env.LLM_EVAL_DATABASE_URL;
    const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
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

/**
 * What the terminal's current line shows, and where its cursor is, after `text` was written from the start of a line:
 * the line feeds, carriage returns and the erase and cursor-column sequences a progress bar uses (others are skipped).
 */
function currentLine(text: string): { shown: string; cursor: number } {
  let line: string[] = [];
  let cursor = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      line = [];
      cursor = 0;
    } else if (c === '\r') cursor = 0;
    else if (c === '\u001b') {
      const sequence = /^\u001b\[([0-9;?]*)([A-Za-z])/.exec(text.slice(i));
      if (!sequence) continue;
      i += sequence[0].length - 1;
      const [, parameter, command] = sequence;
      if (command === 'G') cursor = Math.max(0, Number(parameter || '1') - 1);
      else if (command === 'K' && parameter === '2') line = [];
      else if (command === 'K' && (parameter === '' || parameter === '0')) line = line.slice(0, cursor);
    } else {
      while (line.length < cursor) line.push(' ');
      line[cursor++] = c;
    }
  }
  return { shown: line.join('').trimEnd(), cursor };
}

describe('a warning during a run on a terminal', () => {
  it('starts on a line of its own: the progress bar drawn before it is cleared, not continued', async () => {
    const output = await onTerminal(['evaluate', '--task', task, '--dataset', dataset, '--no-store', '--max-value-chars', '1000', '--concurrency', '1']);
    const at = output.indexOf('llm-eval: warning: item "big"');
    expect(at).toBeGreaterThan(0);
    // The bar was on the terminal before the warning (the case this pins).
    expect(output.slice(0, at)).toContain('items');
    expect(currentLine(output.slice(0, at))).toEqual({ shown: '', cursor: 0 });
    // And the run still ends as it did: its summary and the count of values cut.
    expect(output).toContain('llm-eval: 1 value was recorded cut');
  });
});
