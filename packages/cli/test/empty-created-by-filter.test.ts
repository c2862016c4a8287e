import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { runCli } from './cli-process';

// `runs list --created-by ''` (an unset shell variable) quietly filtered on nothing; like `--name ''` it is a usage error.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-empty-created-by-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;

beforeAll(async () => {
  const db = await initializeDatabase({ url });
  await db.runs.importRun({ name: 'r', status: 'completed', metricsUsed: [], createdBy: 'ada' }, []);
  await db.close();
});

it.each(['', '  '])('runs list --created-by %j is refused with exit 2', async (value) => {
  const run = await runCli(['runs', 'list', '--created-by', value, '--database-url', url], { cwd: dir });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/--created-by names no one/);
  expect(run.stdout).toBe('');
});
