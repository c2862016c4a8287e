import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { initializeDatabase, type Database } from '@llm-eval/storage';

// The commands that write (db migrate, runs delete, runs prune), through the built binary on SQLite.
const BIN = path.join(__dirname, '..', 'dist', 'bin.js');
const SAMPLE = path.join(__dirname, '..', '..', 'evaluator', 'test', 'fixtures', 'python-export-sample.json');
const DAY = 86_400_000;
const exec = promisify(execFile);

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built `llm-eval` with stdin a pipe (not a terminal); resolves with exit code and output, never rejects. */
async function llmEval(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A fresh migrated SQLite database for the calling describe block, open for seeding and checking. */
function useDatabase(name: string): { readonly db: Database; readonly url: string; args(): string[] } {
  const url = `sqlite:///${path.join(dir, `${name}.db`)}`;
  let db: Database | undefined;
  beforeAll(async () => {
    db = await initializeDatabase({ url });
  });
  afterAll(() => db?.close());
  return {
    get db() {
      return db!;
    },
    url,
    args: () => ['--database-url', url],
  };
}

// util-linux `script` gives the binary a terminal, to answer the confirmation prompt as a person would.
const SCRIPT = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p)) ?? '/usr/bin/script';
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs the built binary on a pseudo-terminal, typing `input`; resolves with exit code and everything shown. */
function llmEvalOnTerminal(args: string[], input: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const command = [process.execPath, BIN, ...args].map(quote).join(' ');
    const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], { env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill(), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
    child.stdin.end(input);
  });
}

async function seedRun(db: Database, name: string, options: { daysAgo?: number; status?: 'completed' | 'failed'; projectId?: string; items?: number } = {}) {
  const items = Array.from({ length: options.items ?? 2 }, (_, i) => ({ itemId: `i${i}`, scores: { exact_match: i % 2 } }));
  const run = await db.runs.importRun(
    {
      name,
      status: options.status ?? 'completed',
      projectId: options.projectId ?? null,
      metricsUsed: ['exact_match'],
      createdAt: new Date(Date.now() - (options.daysAgo ?? 0) * DAY),
    },
    items,
  );
  return run.id;
}

describe('llm-eval db migrate', () => {
  const database = useDatabase('migrate');
  const files = path.join(dir, 'exports');
  mkdirSync(files, { recursive: true });
  const good = path.join(files, 'python-sample.json');
  copyFileSync(SAMPLE, good);
  const malformed = path.join(files, 'malformed.json');
  writeFileSync(malformed, '{ "results": { "item_0": ');
  const missing = path.join(files, 'missing.json');
  const notExport = path.join(files, 'not-an-export.json');
  writeFileSync(notExport, JSON.stringify({ hello: 'world' }));
  // Valid JSON that fails inside the import transaction (a cost past what storage keeps), after the run row is written.
  const badItem = path.join(files, 'bad-item.json');
  const sample = JSON.parse(readFileSync(SAMPLE, 'utf8'));
  sample.run_name = 'half-stored';
  sample.results.item_1.cost = 1e13;
  writeFileSync(badItem, JSON.stringify(sample));

  it('imports the good file, names each bad one with its reason, leaves nothing of them behind, and exits 1', async () => {
    const r = await llmEval(['db', 'migrate', good, malformed, missing, notExport, badItem, '--project-id', 'legacy', '--created-by', 'ana', '--tags', 'imported,python', ...database.args()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`imported ${good} → run [0-9a-f]{8} \\(5 items, success 80\\.0%\\)`));
    expect(r.stderr).toMatch(new RegExp(`failed ${malformed}: malformed JSON`));
    expect(r.stderr).toMatch(new RegExp(`failed ${missing}: no such file`));
    expect(r.stderr).toMatch(new RegExp(`failed ${notExport}: not an LLM-Eval export`));
    expect(r.stderr).toMatch(new RegExp(`failed ${badItem}: .+`));
    expect(r.stdout).toMatch(/1 of 5 file\(s\) imported, 4 failed\./);
    const { runs } = await database.db.runs.listRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: 'baseline-prompt', projectId: 'legacy', createdBy: 'ana', tags: ['imported', 'python'], totalItems: 5 });
  });

  it('reports imported and failed files as JSON, exit 0 when all import', async () => {
    // `good` was imported by the test above: importing it again is asked for explicitly.
    const mixed = await llmEval(['db', 'migrate', good, missing, '--allow-duplicate', '--json', ...database.args()]);
    expect(mixed.code).toBe(1);
    const out = JSON.parse(mixed.stdout);
    expect(out).toEqual({
      imported: [{ file: good, runId: expect.stringMatching(/^[0-9a-f-]{36}$/), items: 5, warnings: [] }],
      failed: [{ file: missing, error: 'no such file' }],
    });
    const ok = await llmEval(['db', 'migrate', good, '--allow-duplicate', '--json', ...database.args()]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).failed).toEqual([]);
    expect((await database.db.runs.listRuns()).total).toBe(3);
  });

  it('rejects a folder and a bad --project-id', async () => {
    const folder = await llmEval(['db', 'migrate', files, ...database.args()]);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toMatch(/not a file/);
    const bad = await llmEval(['db', 'migrate', good, '--project-id', 'no spaces', ...database.args()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--project-id/);
  });
});

describe('llm-eval runs delete', () => {
  const database = useDatabase('delete');

  it('deletes runs by id prefix and latest with --yes', async () => {
    const a = await seedRun(database.db, 'first', { daysAgo: 2 });
    const b = await seedRun(database.db, 'second', { daysAgo: 1 });
    const keep = await seedRun(database.db, 'keep', { daysAgo: 3 });
    const r = await llmEval(['runs', 'delete', a.slice(0, 8), 'latest', '--yes', ...database.args()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 run\(s\) to delete:/);
    expect(r.stdout).toMatch(/first {2}2 items · completed/);
    expect(r.stdout).toMatch(/Deleted 2 run\(s\)\./);
    expect(await database.db.runs.getRun(a)).toBeNull();
    expect(await database.db.runs.getRun(b)).toBeNull();
    expect(await database.db.runs.getRun(keep)).not.toBeNull();
    const json = await llmEval(['runs', 'delete', keep, '--yes', '--json', ...database.args()]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ deleted: [keep] });
  });

  it('refuses without --yes when stdin is not a terminal, deleting nothing', async () => {
    const id = await seedRun(database.db, 'precious');
    const r = await llmEval(['runs', 'delete', id, ...database.args()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to delete without --yes when not on a terminal/);
    expect(await database.db.runs.getRun(id)).not.toBeNull();
  });

  it('asks on a terminal: "n" keeps the run, "y" deletes it', async () => {
    const id = await seedRun(database.db, 'asked');
    const no = await llmEvalOnTerminal(['runs', 'delete', id, ...database.args()], 'n\n');
    expect(no.output).toMatch(/Delete 1 run\(s\)\? \[y\/N\]/);
    expect(no.output).toMatch(/Nothing deleted\./);
    expect(no.code).toBe(1);
    expect(await database.db.runs.getRun(id)).not.toBeNull();
    const yes = await llmEvalOnTerminal(['runs', 'delete', id, ...database.args()], 'y\n');
    expect(yes.output).toMatch(/Deleted 1 run\(s\)\./);
    expect(yes.code).toBe(0);
    expect(await database.db.runs.getRun(id)).toBeNull();
  });

  it('fails on an unknown run, deleting none of the others', async () => {
    const id = await seedRun(database.db, 'survivor');
    const r = await llmEval(['runs', 'delete', id, '00000000', '--yes', ...database.args()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No run id starts with "00000000"/);
    expect(await database.db.runs.getRun(id)).not.toBeNull();
  });
});

describe('llm-eval runs prune', () => {
  const database = useDatabase('prune');

  it('shows, with --dry-run, what would go and deletes nothing; then deletes with --yes', async () => {
    await seedRun(database.db, 'old-failed-1', { daysAgo: 40, status: 'failed', items: 3 });
    await seedRun(database.db, 'old-failed-2', { daysAgo: 35, status: 'failed', items: 2 });
    await seedRun(database.db, 'old-ok', { daysAgo: 45 });
    await seedRun(database.db, 'recent-failed', { daysAgo: 1, status: 'failed' });

    const dry = await llmEval(['runs', 'prune', '--older-than', '30d', '--dry-run', ...database.args()]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/3 run\(s\) with 7 item\(s\) created before .*; oldest .*, newest .*\./);
    expect(dry.stdout).toMatch(/Dry run: nothing deleted\./);
    const dryJson = await llmEval(['runs', 'prune', '--older-than', '30d', '--status', 'failed', '--dry-run', '--json', ...database.args()]);
    expect(JSON.parse(dryJson.stdout)).toEqual({ matched: 2, deleted: 0, dryRun: true });
    expect((await database.db.runs.listRuns()).total).toBe(4);

    const refused = await llmEval(['runs', 'prune', '--older-than', '30d', ...database.args()]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing to delete without --yes/);
    expect((await database.db.runs.listRuns()).total).toBe(4);

    const pruned = await llmEval(['runs', 'prune', '--older-than', '30d', '--status', 'failed', '--yes', ...database.args()]);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toMatch(/Deleted 2 run\(s\)\./);
    expect((await database.db.runs.listRuns()).runs.map((r) => r.name).sort()).toEqual(['old-ok', 'recent-failed']);

    const json = await llmEval(['runs', 'prune', '--older-than', '2w', '--yes', '--json', ...database.args()]);
    expect(JSON.parse(json.stdout)).toEqual({ matched: 1, deleted: 1, dryRun: false });
    const none = await llmEval(['runs', 'prune', '--older-than', '30d', '--yes', ...database.args()]);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/No runs created before/);
  });

  it('needs a valid --older-than (exit 2)', async () => {
    const missing = await llmEval(['runs', 'prune', '--dry-run', ...database.args()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/older-than/);
    const bad = await llmEval(['runs', 'prune', '--older-than', 'soon', '--dry-run', ...database.args()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--older-than "soon" is not a date/);
  });

  it('documents every write command with examples', async () => {
    for (const command of [['db', 'migrate'], ['runs', 'delete'], ['runs', 'prune']]) {
      const help = await llmEval([...command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Examples:/);
      expect(help.stdout).toMatch(/--json/);
    }
  });
});
