import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// The paging hint was `More: llm-eval runs list … --cursor X`: pasted, its literal "…" failed ("Unknown argument: …",
// exit 2). It now says to repeat the command with the cursor (the command itself cannot be printed: a --database-url
// is never repeated), and doing just that gets the next page.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-paging-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HINT = /^More: repeat the same command with --cursor (\S+)$/m;
const AGAIN = /^More: repeat the same command with --cursor (\S+) in place of the --cursor it has$/m;

describe('the hint after a page that has more', () => {
  const database = useEmptyDatabase('sqlite');
  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      for (const name of ['seed-1', 'seed-2', 'seed-3']) {
        await db.runs.importRun({ name, status: 'completed', metricsUsed: ['exact_match'] }, [
          { itemId: 'a', scores: { exact_match: 1 } },
          { itemId: 'b', scores: { exact_match: 0 } },
        ]);
      }
      for (const targetId of ['t1', 't2']) await db.audit.append({ actor: 'cli:ada', action: 'token.created', targetType: 'token', targetId });
    } finally {
      await db.close();
    }
  });
  const cli = (args: string[]) => runCli([...args, '--database-url', database.url], { cwd: dir });

  it.each([
    [['runs', 'list', '--limit', '1']],
    [['runs', 'search', 'seed', '--limit', '1']],
    [['runs', 'items', 'latest', '--limit', '1']],
    [['audit', 'list', '--limit', '1']],
  ])('%j: no literal "…"; repeating the command with --cursor gets the next page', async (args) => {
    const first = await cli(args);
    expect(first.code).toBe(0);
    expect(first.stderr).not.toContain('…');
    const cursor = HINT.exec(first.stderr)?.[1];
    expect(cursor).toBeDefined();
    const second = await cli([...args, '--cursor', cursor!]);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toBe(first.stdout);
    expect(second.stderr).not.toContain('…');
  });

  it('runs list, page after page: the last says nothing more', async () => {
    const first = await cli(['runs', 'list', '--limit', '2']);
    const cursor = HINT.exec(first.stderr)?.[1];
    const last = await cli(['runs', 'list', '--limit', '2', '--cursor', cursor!]);
    expect(last.code).toBe(0);
    expect(last.stdout).toContain('1 of 3 run(s).');
    expect(last.stderr).toBe('');
  });

  it('runs list --limit 1 --cursor X: the hint says to put the new cursor in place of the old one', async () => {
    const first = await cli(['runs', 'list', '--limit', '1']);
    const second = await cli(['runs', 'list', '--limit', '1', '--cursor', HINT.exec(first.stderr)![1]!]);
    const next = AGAIN.exec(second.stderr)?.[1];
    expect(next).toBeDefined();
    const third = await cli(['runs', 'list', '--limit', '1', '--cursor', next!]);
    expect(third.code).toBe(0);
    expect(third.stderr).toBe('');
    const named = (page: { stdout: string }) => /seed-\d/.exec(page.stdout)?.[0];
    expect([first, second, third].map(named).sort()).toEqual(['seed-1', 'seed-2', 'seed-3']);
  });
});
