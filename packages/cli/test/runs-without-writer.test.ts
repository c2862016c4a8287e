import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// A script that made a run through the storage API (createRun, addItems) and died leaves a running run that records no
// writer and no heartbeat. `runs recover --dry-run` said it "may still be in progress (writer not recorded is alive)",
// and `runs delete` that "its writer still sends heartbeats": neither is known. Both now say what is: no writer is
// recorded, so the run counts as running until the heartbeat timeout has passed since its last update, and what to do.
describe('a running run that records no writer', () => {
  const database = useEmptyDatabase('sqlite');
  const cli = (args: string[], env: Record<string, string | undefined> = {}) => runCli([...args, '--database-url', database.url], { env });
  let id = '';
  let updatedAt = '';

  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      const run = await db.runs.createRun({ name: 'baseline-prompt', projectId: 'my-project', metricsUsed: ['exact_match'] });
      await db.runs.addItems(run.id, [{ itemId: 'q1', actualOutput: 'Paris', scores: { exact_match: 1 } }]);
      const stored = await db.runs.requireRun(run.id);
      expect([stored.writerHost, stored.writerPid, stored.heartbeatAt]).toEqual([null, null, null]);
      id = run.id;
      updatedAt = stored.updatedAt.toISOString().replace(/\.\d+Z$/, 'Z');
    } finally {
      await db.close();
    }
  });
  const until = (seconds: number) => new Date(Date.parse(updatedAt) + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const known = (seconds: number) =>
    `it records no writer, so it counts as running until LLM_EVAL_HEARTBEAT_TIMEOUT (${seconds} s) has passed since its last update at ${updatedAt}, that is until ${until(seconds)}`;

  it('runs recover --dry-run says no writer is recorded, until when it counts as running, and to wait or --force', async () => {
    const r = await cli(['runs', 'recover', 'latest', '--dry-run']);
    expect(r.stderr).toContain(`skipped ${id.slice(0, 8)}  run ${id} may still be in progress: ${known(120)}; wait until then, or pass --force to recover it anyway\n`);
    expect(r.stderr).not.toContain('is alive');
    expect(r.code).toBe(1);
    // The timeout it names is the one in force.
    const hour = await cli(['runs', 'recover', 'latest', '--dry-run'], { LLM_EVAL_HEARTBEAT_TIMEOUT: '1h' });
    expect(hour.stderr).toContain(known(3600));
  });

  it('runs delete refuses saying the same, and how to proceed, not that a writer sends heartbeats', async () => {
    const r = await cli(['runs', 'delete', 'latest', '--yes']);
    expect(r.stderr).toBe(
      `llm-eval: refusing to delete run still running: ${id.slice(0, 8)} ("baseline-prompt": ${known(120)}); nothing was deleted. ` +
        `Wait until then (it then counts as abandoned and is deleted like any other run), cancel it first (llm-eval runs cancel ${id.slice(0, 8)} --database-url <the same URL>), ` +
        `or pass --force to delete it now.\n`,
    );
    expect(r.code).toBe(1);
  });

  it('once the timeout has passed it is abandoned: recover --dry-run would recover it, naming no writer', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const r = await cli(['runs', 'recover', '--dry-run', '--json'], { LLM_EVAL_HEARTBEAT_TIMEOUT: '1s' });
    expect(JSON.parse(r.stdout).recovered).toEqual([{ runId: id, name: 'baseline-prompt', items: 1, status: 'failed', reason: 'would recover (no writer recorded)' }]);
    expect(r.code).toBe(0);
  });
});
