import { initializeDatabase, type Database } from '@llm-eval/storage';
import { Evaluator, RunClosedElsewhereError, type ProgressEvent } from '../src';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dataset = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `q${i}`, input: i, expected: String(i % 3) }));

// Another process (llm-eval runs cancel, the API, runs recover --force) closes the stored run while the evaluation
// writes it. Here the other process is a second connection to the same database.
describe.each(DATABASE_KINDS)('a run closed by another process while it is evaluated, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let other: Database;
  beforeEach(async () => {
    other = await initializeDatabase({ url: database.url });
  });
  afterEach(async () => {
    await other.close();
  });

  /** An evaluation of 2,000 items of ~2 ms each (about 1 s at concurrency 4) that calls `act` once 100 are done. */
  async function evaluateWhile(act: (runId: string) => Promise<unknown>) {
    let calls = 0;
    let acted: Promise<unknown> | undefined;
    const evaluator = new Evaluator({
      task: async (input) => {
        calls++;
        await sleep(2);
        return String(Number(input) % 3);
      },
      dataset: dataset(2000),
      metrics: ['exact_match'],
      config: { databaseUrl: database.url, runName: 'closed elsewhere', maxConcurrency: 4, storageBatchSize: 20, storageFlushIntervalMs: 50 },
    });
    const result = await evaluator.run({
      onProgress: (event: ProgressEvent) => {
        if (event.type === 'item' && event.done === 100) acted = act(evaluator.databaseRunId!);
      },
    });
    await acted;
    return { result, calls };
  }

  it('a cancel stops the evaluation; the run stays cancelled, with the statistics of the items stored before it', async () => {
    let atCancel = -1;
    const { result, calls } = await evaluateWhile(async (runId) => {
      await other.runs.cancelRun(runId, 'stopped by alice');
      atCancel = (await other.runs.listItems(runId, { limit: 1 })).total;
    });
    expect(result.status).toBe('cancelled');
    expect(result.closedElsewhere).toBeInstanceOf(RunClosedElsewhereError);
    expect(result.closedElsewhere).toMatchObject({ status: 'cancelled', runId: result.runId });
    expect(result.closedElsewhere!.message).toMatch(/cancelled by another process/);
    // It stopped soon after the cancel: far from all 2,000 items were evaluated.
    expect(calls).toBeLessThan(1500);
    expect(result.storageError).toBeUndefined();
    const run = await other.runs.requireRun(result.runId!);
    expect(run).toMatchObject({ status: 'cancelled', statusReason: 'stopped by alice', totalItems: result.storedItems });
    expect(run.completedAt).toBeInstanceOf(Date);
    expect((await other.runs.listItems(run.id, { limit: 1 })).total).toBe(result.storedItems);
    // No batch commits after the cancel (each checks the status in its own transaction), and none before it is lost.
    expect(result.storedItems).toBe(atCancel);
    // The statistics the writer stored are those of the stored items.
    const stored = run.metrics.find((m) => m.metricName === 'exact_match')!;
    await other.runs.computeRunMetrics(run.id);
    const recomputed = (await other.runs.requireRun(run.id)).metrics.find((m) => m.metricName === 'exact_match')!;
    expect(stored.mean).toBeCloseTo(recomputed.mean!, 12);
    expect(stored.totalEvaluated).toBe(recomputed.totalEvaluated);
    expect(stored.totalEvaluated).toBe(result.storedItems);
  });

  it('a run recovered with force while it runs stops the evaluation and stays as the recovery left it', async () => {
    let recovered: Awaited<ReturnType<Database['runs']['recoverRun']>> | undefined;
    let atRecovery: Awaited<ReturnType<Database['runs']['requireRun']>> | undefined;
    const { result, calls } = await evaluateWhile(async (runId) => {
      recovered = await other.runs.recoverRun(runId, { force: true });
      atRecovery = await other.runs.requireRun(runId);
    });
    expect(recovered).toMatchObject({ status: 'failed' });
    expect(result.status).toBe('cancelled');
    expect(result.closedElsewhere).toMatchObject({ status: 'failed' });
    expect(result.closedElsewhere!.message).toMatch(/settled as failed by another process/);
    expect(calls).toBeLessThan(1500);
    const run = await other.runs.requireRun(result.runId!);
    // Not turned back into completed or cancelled, nor given more items or new figures.
    expect(run).toMatchObject({
      status: 'failed',
      statusReason: atRecovery!.statusReason,
      totalItems: atRecovery!.totalItems,
      durationSeconds: atRecovery!.durationSeconds,
    });
    expect((await other.runs.listItems(run.id, { limit: 1 })).total).toBe(atRecovery!.totalItems);
    expect(run.metrics).toEqual(atRecovery!.metrics);
  });

  it('a cancel is noticed at the heartbeat even when no item finishes to be written', async () => {
    let calls = 0;
    let cancelled = false;
    const evaluator = new Evaluator({
      task: async (input, context) => {
        calls++;
        if (Number(input) < 3) return 'x';
        // Every later item waits until the run is stopped: no batch is written after the cancel.
        await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
        return 'late';
      },
      dataset: dataset(50),
      metrics: ['exact_match'],
      config: { databaseUrl: database.url, runName: 'hung', maxConcurrency: 2, storageFlushIntervalMs: 50 },
    });
    const running = evaluator.run();
    // Once the three quick items are stored, cancel from the other connection.
    for (let i = 0; i < 400 && !cancelled; i++) {
      await sleep(25);
      const runId = evaluator.databaseRunId;
      if (runId && (await other.runs.listItems(runId, { limit: 1 })).total === 3) cancelled = await other.runs.cancelRun(runId, 'stop');
    }
    expect(cancelled).toBe(true);
    const result = await running;
    expect(result.status).toBe('cancelled');
    expect(result.closedElsewhere).toMatchObject({ status: 'cancelled' });
    expect(calls).toBeLessThan(50);
    expect(await other.runs.requireRun(result.runId!)).toMatchObject({ status: 'cancelled', totalItems: 3, statusReason: 'stop' });
  }, 30_000);

  /** True when a RunNotFoundError (storage's: the run's row is gone) is among the error's causes. */
  const runGone = (error: unknown) => {
    for (let e = error; e instanceof Error; e = (e as { cause?: unknown }).cause) if (e.name === 'RunNotFoundError') return true;
    return false;
  };

  // A deleted run (runs delete --force, the API) went on to run every remaining item before it reported the storage
  // failure: now the deletion stops it as promptly as a cancel, and the items evaluated before are in its result.
  it('a deletion stops the evaluation; the result keeps the items evaluated and reports the storage failure', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    let deletedRun: string | undefined;
    const { result, calls } = await evaluateWhile(async (runId) => {
      await other.runs.deleteRun(runId);
      deletedRun = runId;
    }).finally(() => warn.mockRestore());
    expect(deletedRun).toBe(result.runId);
    expect(await other.runs.getRun(result.runId!)).toBeNull();
    expect(result.status).toBe('cancelled');
    expect(result.closedElsewhere).toBeUndefined();
    expect(result.storageError?.name).toBe('StorageWriteError');
    expect(runGone(result.storageError)).toBe(true);
    expect(result.storageError!.message).toMatch(/does not exist/);
    // Storage's message ends a sentence ("…to find its id."): the advice follows it after one full stop, not two.
    expect(result.storageError!.message).not.toMatch(/\.\./);
    expect(result.storageError!.message).toMatch(/[a-z]\. The evaluation stopped/);
    // It stopped soon after the deletion, and every item whose task call returned is in the result.
    expect(calls).toBeLessThan(1500);
    expect(result.totalItems).toBeGreaterThanOrEqual(100);
    expect(result.items).toHaveLength(result.totalItems);
    expect(calls - result.totalItems).toBeLessThanOrEqual(4);
  });

  it('a deletion is noticed at the heartbeat even when no item finishes to be written', async () => {
    let calls = 0;
    let deleted = false;
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const evaluator = new Evaluator({
      task: async (input, context) => {
        calls++;
        if (Number(input) < 3) return 'x';
        await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
        return 'late';
      },
      dataset: dataset(50),
      metrics: ['exact_match'],
      config: { databaseUrl: database.url, runName: 'hung, deleted', maxConcurrency: 2, storageFlushIntervalMs: 50 },
    });
    const running = evaluator.run();
    try {
      for (let i = 0; i < 400 && !deleted; i++) {
        await sleep(25);
        const runId = evaluator.databaseRunId;
        if (runId && (await other.runs.listItems(runId, { limit: 1 })).total === 3) {
          await other.runs.deleteRun(runId);
          deleted = true;
        }
      }
      expect(deleted).toBe(true);
      const result = await running;
      expect(result.status).toBe('cancelled');
      expect(runGone(result.storageError)).toBe(true);
      expect(calls).toBeLessThan(50);
      expect(result.items.map((item) => item.output)).toEqual(['x', 'x', 'x']);
    } finally {
      warn.mockRestore();
    }
  }, 30_000);

  it('a run that nobody closes is not affected', async () => {
    const { result, calls } = await evaluateWhile(async () => undefined);
    expect(result).toMatchObject({ status: 'completed', closedElsewhere: undefined, storedItems: 2000 });
    expect(calls).toBe(2000);
    expect(await other.runs.requireRun(result.runId!)).toMatchObject({ status: 'completed', totalItems: 2000 });
  });
});
