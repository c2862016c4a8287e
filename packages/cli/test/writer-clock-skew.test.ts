import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

const exec = promisify(execFile);
// The writer: storage's own test fixture, a Node process on "another host" whose clock runs under faketime.
const STORAGE = path.join(__dirname, '..', '..', 'storage');
const WRITER = path.join(STORAGE, 'test', 'fixtures', 'skewed-clock-writer.mjs');
const DIST = path.join(STORAGE, 'dist', 'index.js');

// Storage judges heartbeats by PostgreSQL's clock, but `runs delete`, `runs prune` and `runs recover` judged a run's
// writer by this machine's clock: a writer on a machine whose clock runs 10 minutes behind looked silent, and its live
// run was deleted or pruned without --force. They now judge by the database's clock too.
describe('a live run whose writer\'s clock runs 10 minutes behind, on postgres', () => {
  const database = useEmptyDatabase('postgres');
  let db: Database;
  let runId: string;
  beforeAll(async () => {
    if (spawnSync('faketime', ['-f', '+0', process.execPath, '-e', '0']).status !== 0) {
      throw new Error('faketime is not installed (apt-get install -y faketime): it runs this test\'s writer with a skewed clock.');
    }
    db = await initializeDatabase({ url: database.url });
    const { stdout } = await exec('faketime', ['-f', '-10m', process.execPath, WRITER, DIST, database.url, 'create']);
    runId = (JSON.parse(stdout) as { id: string }).id;
  });
  afterAll(() => db?.close());

  it('is not deleted, pruned or recovered without --force', async () => {
    const deleted = await runCli(['runs', 'delete', runId, '--yes', '--database-url', database.url]);
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toContain(runId.slice(0, 8));
    const pruned = await runCli(['runs', 'prune', '--older-than', '1min', '--status', 'abandoned', '--yes', '--database-url', database.url]);
    expect(pruned.stderr).toBe('');
    expect(pruned.code).toBe(0);
    const recovered = await runCli(['runs', 'recover', runId, '--json', '--database-url', database.url]);
    expect(JSON.parse(recovered.stdout)).toMatchObject({ recovered: [], skipped: [{ runId }] });
    expect((await db.runs.requireRun(runId)).status).toBe('running');
  });
});
