import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli, startCli } from '../../cli/test/cli-process';
import { DATABASE_KINDS, useServer } from './server-harness';
import { eventsOf, expectLifecycle, openEventStream, openWebSocket } from './events-clients';

// Runs written by OTHER processes — the real `llm-eval evaluate` binary, a script using storage's built package, the
// CLI's `runs delete` — reach clients of /api/v1/events as typed messages, on SQLite (data_version + run_changes) and
// PostgreSQL (LISTEN/NOTIFY). Needs the built CLI and storage (npx tsup in storage, evaluator, cli).
const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i % 10 === 0 ? -1 : i })).join('\n'));
const task = path.join(dir, 'slow-echo.mjs');
writeFileSync(task, `export default (x) => new Promise((resolve) => setTimeout(() => resolve(x), 8));\n`);

const STORAGE_DIST = path.join(__dirname, '..', '..', 'storage', 'dist', 'index.cjs');

/** A script that writes a run the way any Node program using @llm-eval/storage would: in batches, then finishes it. */
const writerScript = `
const { initializeDatabase } = require(${JSON.stringify(STORAGE_DIST)});
const [url, name] = process.argv.slice(1);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  const db = await initializeDatabase({ url });
  const run = await db.runs.createRun({ name, status: 'running', metricsUsed: ['exact_match'] });
  for (let b = 0; b < 10; b++) {
    const items = Array.from({ length: 10 }, (_, k) => {
      const i = b * 10 + k;
      return { itemId: 'i' + i, status: i % 4 === 0 ? 'failed' : 'completed', scores: { exact_match: i % 2 } };
    });
    await db.runs.addItems(run.id, items);
    await sleep(120);
  }
  await db.runs.computeRunMetrics(run.id);
  await db.runs.updateRun(run.id, { status: 'completed', completedAt: new Date(), durationSeconds: 1.5 });
  await db.close();
  process.stdout.write(run.id);
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe.each(DATABASE_KINDS)('live run events from other processes on %s', (kind) => {
  const api = useServer(kind);

  it('a WebSocket client sees a real `llm-eval evaluate` run: created, progress, finished with the final totals', async () => {
    const ws = await openWebSocket(api.baseUrl);
    try {
      const name = `live evaluate ${kind} ✓`;
      const cli = startCli(['evaluate', '--task', task, '--dataset', dataset, '--concurrency', '2', '--name', name, '--json', '--database-url', api.databaseUrl]);
      const outcome = await cli.exited;
      expect(outcome.stderr).toBe('');
      expect(outcome.code).toBe(0);
      const result = JSON.parse(outcome.stdout) as { runId: string };
      await ws.waitFor('run.finished of the evaluate run', (m) => m.type === 'run.finished' && m.runId === result.runId);
      const events = eventsOf(ws, result.runId);
      expectLifecycle(events, result.runId, name);
      expect(events[0]).toMatchObject({ status: 'running', createdAt: expect.any(String), at: expect.any(String) });
      const progress = events.filter((e) => e.type === 'run.progress');
      expect(progress.some((p) => typeof p.itemsPerSecond === 'number' && (p.itemsPerSecond as number) > 0)).toBe(true);
      expect(events.at(-1)).toMatchObject({
        type: 'run.finished',
        status: 'completed',
        totalItems: 300,
        successfulItems: 300,
        failedItems: 0,
        successRate: 1,
      });
      // The stored run agrees with what the stream said.
      const stored = await api.json(`/api/v1/runs/${result.runId}`);
      expect(stored.status).toBe(200);
      expect(stored.body).toMatchObject({ name, totalItems: 300, status: 'completed' });
    } finally {
      ws.close();
    }
  });

  it('an SSE client sees a run another process writes, and its deletion by `llm-eval runs delete` with the name', async () => {
    const sse = await openEventStream(api.baseUrl);
    try {
      const name = `script run ${kind} 🚀`;
      const { stdout } = await run(process.execPath, ['-e', writerScript, api.databaseUrl, name]);
      const runId = stdout.trim();
      await sse.waitFor('run.finished of the script run', (m) => m.type === 'run.finished' && m.runId === runId);
      const events = eventsOf(sse, runId);
      expectLifecycle(events, runId, name);
      expect(events.at(-1)).toMatchObject({ status: 'completed', totalItems: 100, successfulItems: 75, failedItems: 25, successRate: 0.75, durationSeconds: 1.5 });

      const deleted = await runCli(['runs', 'delete', runId, '--yes', '--json', '--database-url', api.databaseUrl]);
      expect(deleted.code).toBe(0);
      await expect(sse.waitFor('run.deleted', (m) => m.type === 'run.deleted' && m.runId === runId)).resolves.toMatchObject({
        type: 'run.deleted',
        runId,
        runName: name,
        at: expect.any(String),
      });
    } finally {
      sse.close();
    }
  });

  it('?run= narrows a stream to one run: the other process’s second run never reaches it', async () => {
    const { db } = { db: api.server.database };
    const watched = await db.runs.createRun({ name: `watched ${kind}`, status: 'running' });
    const sse = await openEventStream(api.baseUrl, `?run=${watched.id.slice(0, 8)}`);
    const ws = await openWebSocket(api.baseUrl, `?run=${encodeURIComponent(`watched ${kind}`)}`);
    try {
      expect(sse.messages[0]).toEqual({ type: 'subscribed', runId: watched.id, runName: `watched ${kind}` });
      expect(ws.messages[0]).toEqual({ type: 'subscribed', runId: watched.id, runName: `watched ${kind}` });
      const { stdout } = await run(process.execPath, ['-e', writerScript, api.databaseUrl, `other ${kind}`]);
      const otherId = stdout.trim();
      await db.runs.addItems(watched.id, [{ itemId: 'a', status: 'completed' }]);
      await db.runs.updateRun(watched.id, { status: 'cancelled' });
      for (const client of [sse, ws]) {
        await client.waitFor('the watched run finishing', (m) => m.type === 'run.finished' && m.runId === watched.id);
        expect(eventsOf(client, otherId)).toEqual([]);
        expect(client.messages.filter((m) => m.type.startsWith('run.')).every((m) => m.runId === watched.id)).toBe(true);
      }
    } finally {
      sse.close();
      ws.close();
    }
  });
});
