import { hostname } from 'node:os';
import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `runs export` of an abandoned run (its writer gone, shown as "abandoned" by `runs show`) said the run was "still
// running". It now says it was abandoned and how to settle it first; a run still being written is still "running".
describe('runs export of a run that has not finished', () => {
  const database = useEmptyDatabase('sqlite');
  const cli = (args: string[]) => runCli([...args, '--database-url', database.url]);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      // This test's own process is the live writer of one; the other's writer on another host stopped beating.
      const live = await db.runs.createRun({ name: 'live', writerHost: hostname(), writerPid: process.pid, heartbeatAt: new Date() });
      const gone = await db.runs.createRun({
        name: 'gone',
        writerHost: 'build-agent-7.example',
        writerPid: 4242,
        heartbeatAt: new Date(Date.now() - 3_600_000),
      });
      for (const run of [live, gone]) await db.runs.addItems(run.id, [{ itemId: 'q1', actualOutput: 'Paris', scores: {} }]);
      ids.live = live.id;
      ids.gone = gone.id;
    } finally {
      await db.close();
    }
  });

  it('says a run being written is still running, and exports it', async () => {
    const r = await cli(['runs', 'export', ids.live!, '--format', 'jsonl']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Run live is still running; its export records it as cancelled.');
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('says an abandoned run was abandoned, not that it is running, and how to settle it first', async () => {
    const r = await cli(['runs', 'export', ids.gone!, '--format', 'jsonl']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('still running');
    expect(r.stderr).toContain(
      `Run gone was abandoned (its writer stopped without finishing it); its export records it as cancelled. ` +
        `To export it as failed with its totals, settle it first: llm-eval runs recover ${ids.gone!.slice(0, 8)}`,
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });
});
