import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { BIN, runCli } from './cli-process';

// A plain fs.statSync of a pipe (`-o /dev/stdout` with stdout piped into another program) left Node's shared stat
// array saying "pipe", and the libraries the command loaded next were found under their pnpm symlinks, without their
// own dependencies: "llm-eval: Cannot find module 'tslib'", exit 1. Pipes given where a file is needed are refused by
// name instead of as "a folder".
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-pipe-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('paths that are pipes', () => {
  const database = useEmptyDatabase('sqlite');
  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      await db.runs.importRun({ name: 'piped', status: 'completed', metricsUsed: ['exact_match'] }, [{ itemId: 'a', scores: { exact_match: 1 } }]);
    } finally {
      await db.close();
    }
  });

  /** The CLI with its stdin and stdout pipes (as `… | cat`), the rest as runCli. */
  const piped = (args: string[], input = '') => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LLM_EVAL_DATABASE_URL: database.url };
    return spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, input, encoding: 'utf8', timeout: 60_000 });
  };

  it('runs export -o /dev/stdout into a pipe writes the export', () => {
    // Through a shell's pipe, as a user types it (Node's own child stdio is a socket, which /dev/stdout cannot open).
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LLM_EVAL_DATABASE_URL: database.url };
    // pnpm's NODE_PATH (set for the tests) let the symlinked paths find their dependencies anyway; a user has none.
    delete env.NODE_PATH;
    const command = `set -o pipefail; "${process.execPath}" "${BIN}" runs export latest -o /dev/stdout | cat`;
    const r = spawnSync('bash', ['-c', command], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('Exported 1 item to /dev/stdout\n');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).run_name).toBe('piped');
  });

  it('refuses a pipe as --dataset, saying what it is and what to give instead', () => {
    const r = piped(['evaluate', '--task', './task.mjs', '--dataset', '/dev/stdin'], '{"id":"a","input":"x"}\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'llm-eval: --dataset: /dev/stdin is not a regular file (a pipe or a device); save the dataset to a .jsonl, .json or .csv file and give its path.\n',
    );
  });

  it('refuses a pipe given to db migrate as not a regular file, not as a folder', () => {
    const exported = piped(['runs', 'export', 'latest']);
    const r = piped(['db', 'migrate', '/dev/stdin'], exported.stdout);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not a regular file \(a pipe or a device\); save the export to a \.json or \.jsonl file/);
  });

  it('still refuses a folder as --dataset by name', async () => {
    const r = await runCli(['evaluate', '--task', './task.mjs', '--dataset', dir, '--database-url', database.url], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a folder, not a dataset file');
  });
});
