import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// What a task module does besides answering must not break `evaluate`: its console output must not corrupt
// --json on stdout, and a timer it leaves running must not keep the process alive once the run is stored.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-user-code-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, ['a', 'b', 'c'].map((x) => JSON.stringify({ id: x, input: x, expected: x })).join('\n'));

const noisy = path.join(dir, 'noisy.mjs');
writeFileSync(
  noisy,
  `console.log('loading the noisy task');
export default (x) => {
  console.log('log', x); console.info('info', x); console.debug('debug', x);
  process.stdout.write('raw write ' + x + '\\n');
  return x;
};
`,
);
const lingering = path.join(dir, 'lingering.mjs');
writeFileSync(lingering, `setInterval(() => {}, 1000);\nexport default async (x) => x;\n`);

describe('a task that writes to stdout', () => {
  it('leaves evaluate --json stdout holding exactly the JSON document; the task output goes to stderr', async () => {
    const r = await runCli(['evaluate', '--task', noisy, '--dataset', dataset, '--no-store', '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ totalItems: 3, successRate: 1 });
    expect(r.stdout).not.toMatch(/loading|log a|raw write/);
    for (const line of ['loading the noisy task', 'log a', 'info b', 'debug c', 'raw write a']) expect(r.stderr).toContain(line);
  });

  it('keeps the human summary on stdout free of task output too', async () => {
    const r = await runCli(['evaluate', '--task', noisy, '--dataset', dataset, '--no-store']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/3 items · success 100\.0%/);
    expect(r.stdout).not.toMatch(/log a|raw write/);
    expect(r.stderr).toContain('raw write c');
  });
});

describe.each(DATABASE_KINDS)('a task that leaves a timer running, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('does not keep evaluate from exiting once the run is stored', async () => {
    const r = await runCli(['evaluate', '--task', lingering, '--dataset', dataset, '--json', '--database-url', database.url], { killAfterMs: 45_000 });
    expect(r.killedByTest).toBe(false);
    expect(r.code).toBe(0);
    const { runId } = JSON.parse(r.stdout);
    const db = await initializeDatabase({ url: database.url });
    try {
      expect(await db.runs.requireRun(runId)).toMatchObject({ status: 'completed', totalItems: 3, successfulItems: 3 });
    } finally {
      await db.close();
    }
  });

  it('exits with the command\'s own code too (a gate that fails)', async () => {
    const r = await runCli(['evaluate', '--task', lingering, '--dataset', dataset, '--metrics', 'exact_match', '--fail-metric', 'exact_match', '--fail-under', '2', '--database-url', database.url], {
      killAfterMs: 45_000,
    });
    expect(r.killedByTest).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FAIL: exact_match 1\.000 is below --fail-under 2/);
  });
});

describe('a task module without a usable export', () => {
  // tsx hands a .ts module's named exports over with a CommonJS `default` holding them: listing "default" as an
  // export sent people looking for one they never wrote.
  it.each([
    ['answer.ts', 'export function answer(input: string): string { return input; }\n', 'answer'],
    ['two.ts', 'export const helper = 1;\nexport function answer(input: string): string { return input; }\n', 'answer, helper'],
    ['value.mjs', 'export default { answer: 1 };\n', 'default'],
    // Node finds no named exports in `module.exports = { key: value }`: the keys are what the file exports.
    ['object.cjs', 'module.exports = { answer: 1, helper: (x) => x.length };\n', 'answer, helper'],
  ])('%s: exit 2 listing what it exports', async (name, text, exported) => {
    const task = path.join(dir, name);
    writeFileSync(task, text);
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`llm-eval: --task: ${task} has no default export or "task" export that is a function (it exports: ${exported}). Use file#exportName.\n`);
  });
});
