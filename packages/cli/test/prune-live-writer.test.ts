import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli, startCli, waitFor } from './cli-process';

// `runs delete` refused a run whose writer was alive by its heartbeat OR by its process (same host, the pid exists),
// but `runs prune` went by the heartbeat alone: an evaluate silent for longer than LLM_EVAL_HEARTBEAT_TIMEOUT (a slow
// item, a stalled disk) showed as abandoned and was pruned while it was still writing. Both judge alike now, and
// prune names each run it leaves alone and why, as delete does.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-prune-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ITEMS = 2000;
const dataset = path.join(dir, 'slow.jsonl');
writeFileSync(dataset, Array.from({ length: ITEMS }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i })).join('\n'));
// 50 ms per item, 2 at a time: about 50 s, far longer than the test needs; it is killed before it finishes.
const task = path.join(dir, 'slow.mjs');
writeFileSync(task, `export default (x) => new Promise((resolve) => setTimeout(() => resolve(x), 50));\n`);
// A heartbeat counts as stale after a millisecond: the writer (which beats every 5 s) looks silent to these commands.
const STALE = { LLM_EVAL_HEARTBEAT_TIMEOUT: '0.001' };

describe('runs prune with a live evaluate whose heartbeat is stale (SQLite file, a real second process)', () => {
  const database = useEmptyDatabase('sqlite');
  let db: Database;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
  });
  afterAll(() => db?.close());

  it('leaves the run alone (naming it and its process) while the process lives, and prunes it once the process is gone', async () => {
    const cwd = mkdtempSync(path.join(dir, 'run-'));
    const evaluation = startCli(['evaluate', '--task', task, '--dataset', dataset, '--concurrency', '2', '--project', 'live', '--database-url', database.url], {
      cwd,
      killAfterMs: 5 * 60_000,
    });
    let runId: string | undefined;
    try {
      await waitFor('the run to be stored', async () => {
        if (evaluation.child.exitCode !== null) throw new Error(`evaluate exited early: ${evaluation.output().stderr}`);
        runId ??= (await db.runs.listRuns({ projectId: 'live', status: 'running' })).runs[0]?.id;
        return runId !== undefined && (await db.runs.listItems(runId, { limit: 1 })).total > 0;
      });
      const short = runId!.slice(0, 8);
      const cli = (args: string[]) => runCli([...args, '--database-url', database.url], { cwd, env: STALE });

      // By its heartbeat alone the run looks abandoned…
      const listed = await cli(['runs', 'list', '--project', 'live', '--status', 'abandoned', '--json']);
      expect(JSON.parse(listed.stdout).runs.map((r: { id: string }) => r.id)).toEqual([runId]);
      // …but its process is alive, so runs delete refuses it…
      const refused = await cli(['runs', 'delete', short, '--yes']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`process ${evaluation.child.pid} on `);

      // …and runs prune leaves it alone, with or without --status abandoned, and says which run and why.
      const leftAlone = new RegExp(
        `^note: 1 run\\(s\\) created before .* are still running with a live writer and are left alone: ${short} \\(".*": process ${evaluation.child.pid} on .* is writing it\\)`,
        'm',
      );
      for (const extra of [[], ['--status', 'abandoned']]) {
        const pruned = await cli(['runs', 'prune', '--older-than', '0.01min', ...extra, '--yes', '--json']);
        expect(pruned.code).toBe(0);
        expect(JSON.parse(pruned.stdout)).toEqual({ matched: 0, deleted: 0, dryRun: false });
        expect(pruned.stderr).toMatch(leftAlone);
      }
      const human = await cli(['runs', 'prune', '--older-than', '0.01min', '--dry-run']);
      expect(human.code).toBe(0);
      expect(human.stdout).toContain('No runs created before');
      expect(human.stderr).toMatch(leftAlone);
      expect(await db.runs.getRun(runId!)).not.toBeNull();
      expect(evaluation.child.exitCode).toBeNull();

      // Killed (no chance to finish its run), its writer is gone: the run is abandoned and prune removes it.
      evaluation.child.kill('SIGKILL');
      await evaluation.exited;
      const after = await cli(['runs', 'prune', '--older-than', '0.01min', '--yes', '--json']);
      expect(after.stderr).not.toContain('left alone');
      expect(after.code).toBe(0);
      expect(JSON.parse(after.stdout)).toEqual({ matched: 1, deleted: 1, dryRun: false });
      expect(await db.runs.getRun(runId!)).toBeNull();
    } finally {
      evaluation.child.kill('SIGKILL');
      await evaluation.exited;
    }
  });
});
