import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { startCli, waitFor } from './cli-process';

// SIGTERM (kill, service managers, CI timeouts) and SIGHUP (a closed terminal) cancel an evaluation the way Ctrl-C
// does: the items in flight finish or abort, the run is stored as cancelled with every item finished so far, and the
// process exits with the shell's code for the signal (128 + its number).
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i })).join('\n'));
const slow = path.join(dir, 'slow.mjs');
writeFileSync(
  slow,
  `export default (x, { signal }) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => resolve(x), 40);
  signal.addEventListener('abort', () => { clearTimeout(timer); reject(new Error('cancelled')); }, { once: true });
});
`,
);

describe.each(DATABASE_KINDS)('evaluate cancelled by a signal, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
  });
  afterAll(() => db?.close());

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)('%s stores the run as cancelled with the items finished so far and exits %i', async (signal, exitCode) => {
    const name = `cancelled-by-${signal}`;
    const cli = startCli(['evaluate', '--task', slow, '--dataset', dataset, '--concurrency', '4', '--name', name, '--json', '--database-url', database.url]);
    let runId: string | undefined;
    await waitFor('some stored items', async () => {
      runId ??= (await db.runs.listRuns({ text: name })).runs[0]?.id;
      return !!runId && (await db.runs.listItems(runId, { limit: 1 })).total >= 10;
    });
    cli.child.kill(signal);
    const r = await cli.exited;
    expect(r.killedByTest).toBe(false);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(exitCode);
    expect(r.stderr).toContain(`${signal}: cancelling`);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ runId, status: 'cancelled', storageFailure: null });
    const run = await db.runs.requireRun(runId!);
    const stored = (await db.runs.listItems(runId!, { limit: 1 })).total;
    expect(run.status).toBe('cancelled');
    expect(stored).toBeGreaterThanOrEqual(10);
    expect(stored).toBeLessThan(2000);
    expect(run.totalItems).toBe(stored);
    expect(body.totalItems).toBe(stored);
  });
});

// `llm-eval evaluate … | head`, a terminal closed under `nohup`-less runs, a log collector that went away: the
// output pipes close while the run is being stored. Neither may end the process mid-run (leaving the run `running`
// with nobody to finish it), nor make a later SIGTERM crash on its own note instead of cancelling.
describe('evaluate whose output pipes were closed', () => {
  const database = useEmptyDatabase('sqlite');
  let db: Database;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
  });
  afterAll(() => db?.close());

  async function startWithClosedOutput(name: string, datasetFile: string, streams: Array<'stdout' | 'stderr'>) {
    const cli = startCli(['evaluate', '--task', slow, '--dataset', datasetFile, '--concurrency', '4', '--name', name, '--database-url', database.url]);
    let runId: string | undefined;
    await waitFor('some stored items', async () => {
      runId ??= (await db.runs.listRuns({ text: name })).runs[0]?.id;
      return !!runId && (await db.runs.listItems(runId, { limit: 1 })).total >= 10;
    });
    for (const stream of streams) cli.child[stream]!.destroy();
    return { cli, runId: runId! };
  }

  it('goes on to the end when stdout closes, and stores the run as completed', async () => {
    const small = path.join(dir, 'small.jsonl');
    writeFileSync(small, Array.from({ length: 150 }, (_, i) => JSON.stringify({ id: `s${i}`, input: i, expected: i })).join('\n'));
    const { cli, runId } = await startWithClosedOutput('stdout-closed', small, ['stdout']);
    const r = await cli.exited;
    expect(r.killedByTest).toBe(false);
    expect(r.code).toBe(0);
    const run = await db.runs.requireRun(runId);
    expect(run).toMatchObject({ status: 'completed', totalItems: 150 });
  });

  it('SIGTERM with stdout and stderr closed still stores the run as cancelled and exits 143', async () => {
    const { cli, runId } = await startWithClosedOutput('all-output-closed', dataset, ['stdout', 'stderr']);
    cli.child.kill('SIGTERM');
    const r = await cli.exited;
    expect(r.killedByTest).toBe(false);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(143);
    const run = await db.runs.requireRun(runId);
    const stored = (await db.runs.listItems(runId, { limit: 1 })).total;
    expect(run.status).toBe('cancelled');
    expect(stored).toBeLessThan(2000);
    expect(run.totalItems).toBe(stored);
  });
});
