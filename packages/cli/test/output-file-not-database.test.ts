import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// `runs export latest -o runs.db --format json` wrote the export over the SQLite database it had just read: every run
// gone ("file is not a database"). -o naming the database's file (or its -wal/-shm, or a link to it) is refused, and
// so is `evaluate -o` naming its own --dataset (the result replaced the dataset).
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-output-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dbFile = path.join(dir, 'runs.db');
const url = `sqlite:///${dbFile}`;
const dataset = path.join(dir, 'data.jsonl');
writeFileSync(dataset, `${JSON.stringify({ id: 'q1', input: 'a', expected: 'a' })}\n`);
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default (input) => input;');
const SQLITE_HEADER = 'SQLite format 3\u0000';

beforeAll(async () => {
  expect((await runCli(['evaluate', '--task', task, '--dataset', dataset, '--name', 'kept', '--database-url', url])).code).toBe(0);
  symlinkSync(dbFile, path.join(dir, 'link.json'));
});

describe('-o naming the database file', () => {
  it.each([
    ['the database file', dbFile, ['--format', 'json']],
    ['the database file, by a relative path', path.relative(process.cwd(), dbFile), ['--format', 'csv']],
    ['its write-ahead log', `${dbFile}-wal`, ['--format', 'jsonl']],
    ['a link to it', path.join(dir, 'link.json'), []],
  ])('runs export refuses %s (exit 2) and the runs stay', async (_, output, format) => {
    const run = await runCli(['runs', 'export', 'latest', '-o', output, ...format, '--database-url', url]);
    expect(run.stderr).toContain(`llm-eval: -o ${output}: that is a file of the database`);
    expect(run.code).toBe(2);
    expect(readFileSync(dbFile).subarray(0, 16).toString('latin1')).toBe(SQLITE_HEADER);
    const listed = await runCli(['runs', 'list', '--json', '--database-url', url]);
    expect(JSON.parse(listed.stdout)).toMatchObject({ total: 1, runs: [{ name: 'kept' }] });
  });

  it('evaluate refuses it before running (a database named runs.json)', async () => {
    const jsonDb = path.join(dir, 'runs.json');
    const run = await runCli(['evaluate', '--task', task, '--dataset', dataset, '-o', jsonDb, '--database-url', `sqlite:///${jsonDb}`]);
    expect(run.stderr).toContain(`llm-eval: -o ${jsonDb}: that is a file of the database`);
    expect(run.code).toBe(2);
  });

  it('evaluate refuses -o naming the --dataset file, which stays as it was', async () => {
    const before = readFileSync(dataset, 'utf8');
    const run = await runCli(['evaluate', '--task', task, '--dataset', dataset, '-o', dataset, '--no-store']);
    expect(run.stderr).toContain(`llm-eval: -o ${dataset}: that is the --dataset file`);
    expect(run.code).toBe(2);
    expect(readFileSync(dataset, 'utf8')).toBe(before);
  });

  it('still exports beside the database', async () => {
    const run = await runCli(['runs', 'export', 'latest', '-o', path.join(dir, 'runs.db.json'), '--database-url', url]);
    expect(run.code).toBe(0);
  });
});
