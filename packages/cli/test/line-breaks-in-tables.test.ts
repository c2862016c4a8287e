import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { runCli } from './cli-process';

// A line break in stored text (an error message, a name, an output, a tag) was obeyed in a table cell or a one-line
// field: cli-table3 drew the rest as a new, real-looking row ("│ FAKE: all good"). Line feeds are shown as ␊, like
// ␍ and ␛, and the other line and paragraph separators (U+2028, U+2029, U+0085, VT, FF) are shown too.
const BREAKS = ['\n', '\u2028', '\u2029', '\u0085', '\u000b', '\u000c'];
const fake = (i: number) => `FAKE${i}: all good`;
const broken = (prefix: string) => BREAKS.map((b, i) => `${prefix}${b}│ ${fake(i)}`).join('');

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-line-breaks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
let runId = '';

beforeAll(async () => {
  const db = await initializeDatabase({ url });
  try {
    const run = await db.runs.importRun(
      { name: broken('name'), projectId: 'breaks', status: 'completed', metricsUsed: ['exact_match'], tags: [broken('tag')], createdBy: broken('by') },
      [
        { itemId: broken('ok'), status: 'completed', actualOutput: broken('out'), responseTime: 2, scores: { exact_match: 1 } },
        { itemId: 'bad', status: 'failed', errorType: 'Error', errorMessage: broken('real problem'), responseTime: 1, scores: {} },
      ],
    );
    runId = run.id;
  } finally {
    await db.close();
  }
});

/** Every fake text must sit on a line that also holds what came before its line break. */
function expectNoFakeLines(stdout: string): void {
  const lines = stdout.split('\n');
  for (let i = 0; i < BREAKS.length; i++) {
    for (const line of lines.filter((l) => l.includes(fake(i)))) expect(line).not.toMatch(/^\s*│?\s*FAKE/);
  }
  expect(stdout).not.toMatch(/[\u2028\u2029\u0085\u000b\u000c]/);
}

describe('line breaks in stored text', () => {
  it.each([
    ['runs show', ['runs', 'show', 'RUN']],
    ['runs list', ['runs', 'list']],
    ['runs items', ['runs', 'items', 'RUN']],
    ['runs search', ['runs', 'search', 'project:breaks']],
  ])('are shown, not obeyed, by %s', async (_, args) => {
    const run = await runCli([...args.map((a) => (a === 'RUN' ? runId : a)), '--database-url', url], { cwd: dir, env: { TZ: 'UTC' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    if (args[1] !== 'items') expect(run.stdout).toContain('␊│ FAKE0');
    expectNoFakeLines(run.stdout);
  });

  it('runs show: the failed item error keeps its text on its row', async () => {
    const run = await runCli(['runs', 'show', runId, '--database-url', url, '--tz', 'UTC'], { cwd: dir });
    expect(run.stdout).toMatch(/│ bad +│ Error: real problem␊│ FAKE0: all goodreal problem\\u\{2028\}│ FAKE1/);
  });
});
