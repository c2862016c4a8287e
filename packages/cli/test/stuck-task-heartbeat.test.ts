import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { runCli, startCli, waitFor } from './cli-process';

// A task stuck in an endless loop blocks the evaluation thread for good, yet the storage worker on its other thread
// kept refreshing the run's heartbeat every 5 s: the run stayed `running` (not abandoned) for as long as the process
// spun, to every reader and to `runs recover` on another host. The worker now refreshes the heartbeat only while the
// evaluation thread gives signs of life, so the run turns abandoned once the heartbeat timeout has passed.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-stuck-task-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'five.jsonl');
writeFileSync(dataset, Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `q${i}`, input: `x${i}`, expected: `x${i}` })).join('\n'));
const stuck = path.join(dir, 'stuck.mjs');
// Items finish slowly (so some are stored first); the 30th never returns and never yields.
writeFileSync(
  stuck,
  `export default async (input) => {
     await new Promise((resolve) => setTimeout(resolve, 25));
     if (input === 'x30') for (;;);
     return input;
   };`,
);
const slow = path.join(dir, 'slow.mjs');
// A working run that is idle for long stretches (a slow model): it must stay running.
writeFileSync(slow, `export default async (input) => { await new Promise((resolve) => setTimeout(resolve, 600_000)); return input; };`);

// Heartbeats count for 20 s: the writer stops refreshing 5 s after the evaluation thread's last sign of life (a sign
// comes about once a second; 5 s leaves a loaded machine room, so the waiting run never misses a beat).
const HEARTBEAT_TIMEOUT_S = 20;
const env = { LLM_EVAL_HEARTBEAT_TIMEOUT: String(HEARTBEAT_TIMEOUT_S) };

describe('a run whose task is stuck in an endless loop (SQLite)', () => {
  it('turns abandoned while its process spins, and a run waiting on a slow task stays running', async () => {
    const url = `sqlite:///${path.join(dir, 'runs.db')}`;
    const spinning = startCli(['evaluate', '--task', stuck, '--dataset', dataset, '--name', 'stuck', '--concurrency', '1', '--timeout', '900000', '--database-url', url], {
      env,
      killAfterMs: 180_000,
    });
    const waiting = startCli(['evaluate', '--task', slow, '--dataset', dataset, '--name', 'waiting', '--concurrency', '2', '--timeout', '900000', '--database-url', url], {
      env,
      killAfterMs: 180_000,
    });
    const db = await initializeDatabase({ url });
    try {
      const statusOf = async (name: string) => {
        const listed = await runCli(['runs', 'list', '--json', '--database-url', url], { env });
        return (JSON.parse(listed.stdout).runs as Array<{ name: string; status: string; heartbeatAt: string }>).find((r) => r.name === name);
      };
      await waitFor('both runs to start', async () => (await statusOf('stuck'))?.status === 'running' && (await statusOf('waiting'))?.status === 'running');
      await waitFor('the stuck run to be abandoned', async () => (await statusOf('stuck'))?.status === 'abandoned', 120_000);
      // The process is still there, spinning: only its heartbeat stopped.
      expect(spinning.child.exitCode).toBeNull();
      expect(() => process.kill(spinning.child.pid!, 0)).not.toThrow();
      const stuckRun = await statusOf('stuck');
      // Idle for as long, but its evaluation thread lives: its heartbeat is fresh and it is running.
      const waitingRun = await statusOf('waiting');
      expect(waitingRun?.status).toBe('running');
      expect(Date.now() - Date.parse(waitingRun!.heartbeatAt)).toBeLessThan(HEARTBEAT_TIMEOUT_S * 1000);
      expect(Date.parse(waitingRun!.heartbeatAt)).toBeGreaterThan(Date.parse(stuckRun!.heartbeatAt));
    } finally {
      spinning.child.kill('SIGKILL');
      waiting.child.kill('SIGKILL');
      await Promise.all([spinning.exited, waiting.exited]);
      await db.close();
    }
  }, 240_000);
});
