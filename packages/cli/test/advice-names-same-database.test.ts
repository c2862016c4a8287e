import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// A command the CLI advises running must reach the database the user asked about. `db health --database-url <url>`
// said "run `llm-eval db init`", which, typed as shown, initialised ./llm_eval_runs.db instead. Advice carries
// `--database-url <the same URL>` when the database came from that flag (the URL itself is never shown: it may hold a
// password), and is the plain command when it came from LLM_EVAL_DATABASE_URL or is the default.
const SAME = '--database-url <the same URL>';
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-same-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const fileOf = (url: string) => url.slice('sqlite://'.length);

describe.each(DATABASE_KINDS)('advice on a database given by --database-url, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  // An existing SQLite file without llm-eval tables, as PostgreSQL's empty database (a missing file is another case).
  beforeAll(() => {
    if (kind === 'sqlite') writeFileSync(fileOf(database.url), '');
  });

  it('db health on a database without the schema names db init with --database-url, without the URL', async () => {
    const r = await runCli(['db', 'health', '--database-url', database.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}problem: {4}\d+ migration\(s\) pending; run `llm-eval db init --database-url <the same URL>`\.$/m);
    const json = await runCli(['db', 'health', '--json', '--database-url', database.url]);
    expect(json.code).toBe(1);
    const { error } = JSON.parse(json.stdout);
    expect(error).toMatch(/^\d+ migration\(s\) pending; run `llm-eval db init --database-url <the same URL>`\.$/);
  });

  it('db health with the URL from LLM_EVAL_DATABASE_URL names db init alone', async () => {
    const r = await runCli(['db', 'health'], { env: { LLM_EVAL_DATABASE_URL: database.url } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}problem: {4}\d+ migration\(s\) pending; run `llm-eval db init`\.$/m);
  });

  it('the advice, followed, makes that database healthy; then runs show names the same database in its hints', async () => {
    expect((await runCli(['db', 'init', '--database-url', database.url])).code).toBe(0);
    expect((await runCli(['db', 'health', '--database-url', database.url])).code).toBe(0);
    const db = await initializeDatabase({ url: database.url });
    let ids: { first: string; second: string; orphan: string };
    try {
      const at = (days: number) => new Date(Date.now() - days * DAY);
      const first = await db.runs.importRun({ name: 'first', status: 'completed', metricsUsed: ['exact_match'], createdAt: at(3) }, [{ itemId: 'a', scores: { exact_match: 1 } }]);
      const second = await db.runs.importRun({ name: 'second', status: 'completed', metricsUsed: ['exact_match'], createdAt: at(2) }, [{ itemId: 'a', scores: { exact_match: 0 } }]);
      // Written from another host: only its stale heartbeat says its writer is gone (abandoned).
      const orphan = await db.runs.createRun({ name: 'orphan', metricsUsed: [], status: 'running', createdAt: at(4), writerHost: 'elsewhere.example', writerPid: 4242, heartbeatAt: new Date(Date.now() - 10 * 60_000) });
      ids = { first: first.id, second: second.id, orphan: orphan.id };
    } finally {
      await db.close();
    }
    const short = (id: string) => id.slice(0, 8);
    const shown = await runCli(['runs', 'show', ids.second, '--database-url', database.url]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Compare with the run before it: llm-eval runs compare ${short(ids.first)} ${short(ids.second)} ${SAME}\n`);
    const abandoned = await runCli(['runs', 'show', ids.orphan, '--database-url', database.url]);
    expect(abandoned.stdout).toContain(`settle it with llm-eval runs recover ${short(ids.orphan)} ${SAME}\n`);
    const cancel = await runCli(['runs', 'cancel', ids.orphan, '--database-url', database.url]);
    expect(cancel.stderr).toContain(`settle it with llm-eval runs recover ${short(ids.orphan)} ${SAME})`);
    // From the environment, the plain commands reach it.
    const fromEnv = await runCli(['runs', 'show', ids.second], { env: { LLM_EVAL_DATABASE_URL: database.url } });
    expect(fromEnv.stdout).toContain(`Compare with the run before it: llm-eval runs compare ${short(ids.first)} ${short(ids.second)}\n`);
    expect(fromEnv.stdout).not.toContain('--database-url');
  });
});

describe('advice on a SQLite file that does not exist', () => {
  const url = `sqlite:///${path.join(dir, 'typo', 'runs.db')}`;

  it('given by --database-url: db init with --database-url', async () => {
    const r = await runCli(['runs', 'list', '--database-url', url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`create it by running an evaluation or llm-eval db init ${SAME} (`);
    const health = await runCli(['db', 'health', '--database-url', url]);
    expect(health.code).toBe(1);
    expect(health.stdout).toContain(`create it by running an evaluation or llm-eval db init ${SAME} (`);
  });

  it('from LLM_EVAL_DATABASE_URL: db init alone', async () => {
    const r = await runCli(['runs', 'list'], { env: { LLM_EVAL_DATABASE_URL: url } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('create it by running an evaluation or llm-eval db init (');
  });
});

describe('advice after a demo stored in a database given by --database-url', () => {
  it('names that database in the commands it suggests next', async () => {
    const url = `sqlite:///${path.join(dir, 'demo.db')}`;
    const r = await runCli(['demo', '--offline', '--database-url', url], { cwd: dir });
    expect(r.code).toBe(0);
    const next = r.stdout.split('\n').find((line) => line.startsWith('Next: '));
    expect(next).toMatch(/^Next: llm-eval runs show \w{8} --database-url <the same URL> · llm-eval runs compare \w{8} \w{8} --database-url <the same URL> · llm-eval runs search "demo runs from today" --database-url <the same URL>$/);
    expect(r.stdout).toMatch(/Stored as run [0-9a-f-]{36} — llm-eval runs show \w{8} --database-url <the same URL>\n/);
  });
});
