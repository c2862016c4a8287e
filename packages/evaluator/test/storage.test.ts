import { initializeDatabase } from '@llm-eval/storage';
import { Evaluator, type ProgressEvent } from '../src';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { whileLateItemsFail } from './support/reject-late-items';

describe.each(DATABASE_KINDS)('automatic storage on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('creates the run at start, writes items while the run is still going, and stores totals and statistics at the end', async () => {
    const seenWhileRunning: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const dataset = Array.from({ length: 30 }, (_, i) => ({ id: `q${i}`, input: i, expected: i % 3 === 0 ? 'x' : String(i) }));
    const evaluator = new Evaluator({
      task: async (input) => {
        if (input === 25) await gate;
        if (input === 7) throw new Error('model refused');
        return String(input);
      },
      dataset,
      metrics: ['exact_match'],
      config: {
        databaseUrl: database.url,
        projectId: 'eval-project',
        createdBy: 'me@example.com',
        tags: ['v2', 'nightly'],
        runName: 'stored run',
        modelName: 'echo-1',
        maxConcurrency: 1,
        storageBatchSize: 10,
      },
    });
    const running = evaluator.run({
      onProgress: (event: ProgressEvent) => {
        if (event.type === 'item' && event.item.id === 'q24') {
          // Item 25 waits at the gate, so the run is still going: from a second connection, wait (up to 10 s) for the
          // two full batches (items 0–19) to be committed — writes are asynchronous, one at a time — then look.
          setTimeout(async () => {
            const reader = await initializeDatabase({ url: database.url });
            let total = 0;
            for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
              total = (await reader.runs.listItems(evaluator.databaseRunId!, { limit: 1 })).total;
              if (total >= 20) break;
            }
            const run = await reader.runs.getRun(evaluator.databaseRunId!);
            seenWhileRunning.push(total, run!.status === 'running' ? 1 : 0);
            await reader.close();
            release();
          }, 0);
        }
      },
    });
    const result = await running;
    expect(seenWhileRunning[0]).toBeGreaterThanOrEqual(20);
    expect(seenWhileRunning[0]).toBeLessThan(30);
    expect(seenWhileRunning[1]).toBe(1);

    const db = await initializeDatabase({ url: database.url });
    try {
      const run = await db.runs.getRun(evaluator.databaseRunId!);
      expect(result.runId).toBe(evaluator.databaseRunId);
      expect(run).toMatchObject({
        name: 'stored run',
        status: 'completed',
        projectId: 'eval-project',
        createdBy: 'me@example.com',
        tags: ['v2', 'nightly'],
        modelName: 'echo-1',
        totalItems: 30,
        failedItems: 1,
        successfulItems: 29,
        metricsUsed: ['exact_match'],
      });
      expect(run!.successRate).toBeCloseTo(29 / 30, 12);
      expect(run!.durationSeconds).toBeCloseTo(result.durationSeconds, 3);
      expect(run!.completedAt!.getTime()).toBe(result.endTime.getTime());
      const em = run!.metrics.find((m) => m.metricName === 'exact_match')!;
      expect(em.mean).toBeCloseTo(result.metricStats.exact_match!.mean!, 12);
      expect(em.stdDev).toBeCloseTo(result.metricStats.exact_match!.std!, 12);
      const failed = await db.runs.listItems(run!.id, { status: 'failed' });
      expect(failed.items).toMatchObject([{ itemId: 'q7', errorType: 'Error', errorMessage: 'model refused', sequenceNumber: 7 }]);
      const first = await db.runs.listItems(run!.id, { limit: 1 });
      expect(first.items[0]).toMatchObject({ itemId: 'q0', input: 0, actualOutput: '0', expectedOutput: 'x', scores: { exact_match: 0 } });
    } finally {
      await db.close();
    }
  });

  it('stores a cancelled run as cancelled with the items finished so far', async () => {
    const controller = new AbortController();
    const evaluator = new Evaluator({
      task: async (input) => {
        if (input === 3) controller.abort();
        await new Promise((r) => setTimeout(r, 1));
        return input;
      },
      dataset: Array.from({ length: 50 }, (_, i) => ({ input: i })),
      metrics: [],
      config: { databaseUrl: database.url, maxConcurrency: 1 },
    });
    const result = await evaluator.run({ signal: controller.signal });
    const db = await initializeDatabase({ url: database.url });
    try {
      const run = await db.runs.getRun(evaluator.databaseRunId!);
      expect(run).toMatchObject({ status: 'cancelled', totalItems: result.totalItems });
      expect(result.totalItems).toBe(3);
    } finally {
      await db.close();
    }
  });

  it('stores no run when cancelled before it started (Ctrl-C while the dataset was checked), and runs no item', async () => {
    // The signal arrived while the dataset was being read and checked, before run() got to start the run.
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    const dataset = Array.from({ length: 20 }, (_, i) => ({ id: `c${i}`, input: i }));
    const db = await initializeDatabase({ url: database.url });
    try {
      const before = (await db.runs.listRuns({ limit: 1000 })).total;
      const evaluator = new Evaluator({
        task: async (input) => {
          calls++;
          return input;
        },
        dataset,
        metrics: ['exact_match'],
        config: { databaseUrl: database.url, runName: 'cancelled before it started' },
      });
      const result = await evaluator.run({ signal: controller.signal });
      expect(result.status).toBe('cancelled');
      expect([result.totalItems, calls, result.storedItems, result.runId, result.storageError]).toEqual([0, 0, 0, undefined, undefined]);
      expect(evaluator.databaseRunId).toBeUndefined();
      expect((await db.runs.listRuns({ limit: 1000 })).total).toBe(before);
    } finally {
      await db.close();
    }
  });

  it('reports a storage failure mid-run clearly and still returns the whole result', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const events: ProgressEvent[] = [];
    const evaluator = new Evaluator({
      task: async (input) => input,
      dataset: Array.from({ length: 12 }, (_, i) => ({ input: i })),
      metrics: [],
      config: { databaseUrl: database.url, maxConcurrency: 1, storageBatchSize: 4, onProgress: (e) => events.push(e) },
    });
    // The database fails the second batch (a deleted run would stop the evaluation instead: run-closed-elsewhere).
    const result = await whileLateItemsFail(kind, database.url, 4, () => evaluator.run());
    const warnings = warn.mock.calls.map((call) => String(call[0]));
    warn.mockRestore();
    expect(result.totalItems).toBe(12);
    expect(result.status).toBe('completed');
    expect(result.storageError?.name).toBe('StorageWriteError');
    expect(result.storageError?.message).toMatch(/simulated storage failure.*in-memory result is complete/s);
    expect(events.filter((e) => e.type === 'storage-error')).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/simulated storage failure/);
  });
});
