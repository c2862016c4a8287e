import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import type { ItemResult } from '../run/item-result';
import { RecordColumnsBuilder } from './record-columns';
import { WorkerBackend } from './worker-backend';

// The built worker script (the package's tests run after its build, as the CLI's do).
const WORKER = path.join(__dirname, '..', '..', 'dist', 'recorder-worker.js');
const at = new Date(Date.UTC(2026, 11, 3, 9, 0, 0));
const item = (i: number): ItemResult => ({
  id: `q${i}`, index: i, input: `input ${i}`, expected: 'x', output: 'x', success: true, scores: { exact_match: true }, reasons: {},
  metricErrors: {}, startedAt: at, completedAt: at, responseTime: 0.001, attempts: 1,
});
const columns = (from: number, count: number) => {
  const builder = new RecordColumnsBuilder();
  for (let i = from; i < from + count; i++) builder.add(item(i));
  return builder.take();
};

/** Blocks this thread (no event loop turn, so no reply can be read) until `done()` or 20 s; true when done() held. */
function blockUntil(done: () => boolean): boolean {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) return false;
    Atomics.wait(sleeper, 0, 0, 5);
  }
  return true;
}

it('reports each write the storage worker finishes at once, without the evaluation thread reading a reply', async () => {
  expect(existsSync(WORKER)).toBe(true);
  const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-worker-progress-'));
  const url = `sqlite:///${path.join(dir, 'runs.db')}`;
  try {
    const backend = new WorkerBackend(WORKER);
    const runId = await backend.start({ url }, { name: 'progress', status: 'running', metricsUsed: ['exact_match'] });
    expect(backend.unfinishedWrites()).toBe(0);
    // Both batches are built before either is handed over. The first is large (the worker takes a tenth of a second
    // or more over it), so it is still unfinished when the count is read even if a loaded machine pauses this thread
    // between the calls; the small second one may or may not be finished by then.
    const batches = [columns(0, 20_000), columns(20_000, 200)];
    const first = backend.writeColumns(batches[0]!);
    const second = backend.writeColumns(batches[1]!);
    const unfinished = backend.unfinishedWrites();
    expect(unfinished).toBeGreaterThanOrEqual(1);
    expect(unfinished).toBeLessThanOrEqual(2);
    // Without yielding, the count falls to zero as the worker finishes both writes.
    expect(blockUntil(() => backend.unfinishedWrites() === 0)).toBe(true);
    expect(await first).toEqual({ stored: 20_000, rejected: [] });
    expect(await second).toEqual({ stored: 200, rejected: [] });
    // A refused write counts as finished too: the first item id again is a duplicate the database refuses.
    const refused = await backend.writeColumns(columns(0, 1));
    expect(refused.stored).toBe(0);
    expect(refused.rejected).toEqual([{ itemId: 'q0', reason: expect.stringMatching(/q0/) }]);
    expect(backend.unfinishedWrites()).toBe(0);
    await backend.finish({ status: 'completed', startedAt: at, completedAt: at, durationSeconds: 0 }, true);

    const db = await initializeDatabase({ url });
    try {
      expect(await db.runs.requireRun(runId)).toMatchObject({ status: 'completed', totalItems: 20_200 });
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
