import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `runs export latest -o exports` with exports a folder printed Node's "EISDIR: illegal operation on a directory"
// after reading the run. -o must name a file: a folder is refused before anything is read (exit 2), saying so.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-export-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runs export -o a folder', () => {
  const database = useEmptyDatabase('sqlite');
  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      await db.runs.importRun({ name: 'exported', status: 'completed', metricsUsed: ['exact_match'] }, [{ itemId: 'a', scores: { exact_match: 1 } }]);
    } finally {
      await db.close();
    }
  });

  it.each([['exports'], ['exports.json'], ['.']])('-o %s (a folder): exit 2 naming it and asking for a file name, nothing written', async (folder) => {
    const target = path.join(dir, folder);
    mkdirSync(target, { recursive: true });
    const before = readdirSync(target);
    for (const extra of [[], ['--format', 'csv']]) {
      const r = await runCli(['runs', 'export', 'latest', '-o', folder, ...extra, '--database-url', database.url], { cwd: dir });
      expect(r.stderr).toBe(`llm-eval: -o ${folder}: that is a folder, not a file; give a file name, e.g. ${path.join(folder, 'run.json')}.\n`);
      expect(r.stdout).toBe('');
      expect(r.code).toBe(2);
    }
    expect(readdirSync(target)).toEqual(before);
  });

  it('is refused before the database is read: a database that does not exist is not the complaint', async () => {
    mkdirSync(path.join(dir, 'exports'), { recursive: true });
    const r = await runCli(['runs', 'export', 'latest', '-o', 'exports', '--database-url', `sqlite:///${path.join(dir, 'missing.db')}`], { cwd: dir });
    expect(r.stderr).toBe(`llm-eval: -o exports: that is a folder, not a file; give a file name, e.g. ${path.join('exports', 'run.json')}.\n`);
    expect(r.code).toBe(2);
  });
});
