import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `runs list --sort` offered every order storage has but total tokens and total cost ("which runs cost the most?").
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-sort-totals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runs list --sort totalTokens|totalCost (SQLite file, the built binary)', () => {
  const database = useEmptyDatabase('sqlite');
  const cli = (args: string[]) => runCli([...args, '--database-url', database.url], { cwd: dir });
  const names = (stdout: string) => (JSON.parse(stdout).runs as Array<{ name: string }>).map((r) => r.name);

  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      // [name, tokens, cost]: the token order and the cost order differ, so a test cannot pass on the wrong column.
      for (const [name, totalTokens, totalCost] of [
        ['small-cheap', 10, 0.01],
        ['big-cheap', 5_000_000_000, 0.02],
        ['mid-pricey', 300, 9.5],
        ['none', 0, 0],
      ] as const) {
        await db.runs.createRun({ name, status: 'completed', totalTokens, totalCost });
      }
    } finally {
      await db.close();
    }
  });

  it('lists the runs with the most tokens first, or the fewest with --asc', async () => {
    const desc = await cli(['runs', 'list', '--sort', 'totalTokens', '--json']);
    expect(desc.code).toBe(0);
    expect(names(desc.stdout)).toEqual(['big-cheap', 'mid-pricey', 'small-cheap', 'none']);
    const asc = await cli(['runs', 'list', '--sort', 'totalTokens', '--asc', '--json']);
    expect(names(asc.stdout)).toEqual(['none', 'small-cheap', 'mid-pricey', 'big-cheap']);
  });

  it('lists the most expensive runs first, pages included', async () => {
    const first = await cli(['runs', 'list', '--sort', 'totalCost', '--limit', '2', '--json']);
    expect(first.code).toBe(0);
    const page = JSON.parse(first.stdout) as { nextCursor: string };
    expect(names(first.stdout)).toEqual(['mid-pricey', 'big-cheap']);
    const second = await cli(['runs', 'list', '--sort', 'totalCost', '--limit', '2', '--cursor', page.nextCursor, '--json']);
    expect(names(second.stdout)).toEqual(['small-cheap', 'none']);
  });

  it('still refuses an order it does not have, naming the ones it has', async () => {
    const bad = await cli(['runs', 'list', '--sort', 'price']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/totalTokens/);
    expect(bad.stderr).toMatch(/totalCost/);
  });
});
