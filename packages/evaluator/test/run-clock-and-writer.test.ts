import { hostname } from 'node:os';
import { initializeDatabase } from '@llm-eval/storage';
import { Evaluator, type ProgressEvent } from '../src';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(DATABASE_KINDS)('a stored run on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('measures the evaluation, not the database start-up: its clock starts when the first item starts', async () => {
    let firstTaskCall: number | undefined;
    const evaluator = new Evaluator({
      task: (input) => {
        firstTaskCall ??= Date.now();
        return String(input);
      },
      dataset: Array.from({ length: 6 }, (_, i) => ({ id: `q${i}`, input: i, expected: String(i) })),
      metrics: ['exact_match'],
      config: { databaseUrl: database.url, runName: 'timed' },
    });
    const result = await evaluator.run();
    const db = await initializeDatabase({ url: database.url });
    try {
      const run = await db.runs.requireRun(result.runId!);
      const items = (await db.runs.listItems(run.id, { limit: 10 })).items;
      const firstItemStart = Math.min(...items.map((i) => i.startedAt!.getTime()));
      // Before the fix the clock started before the database opened, well before any item.
      expect(run.startedAt!.getTime()).toBeGreaterThanOrEqual(firstItemStart);
      expect(run.startedAt!.getTime()).toBeLessThanOrEqual(firstTaskCall!);
      // The duration runs from the first item's start (after the database opened) to the end; millisecond rounding of
      // the stored timestamps is the only slack. (Not from the first task call: a loaded machine may pause between an
      // item's start and its task's call.)
      expect(run.durationSeconds).toBeLessThanOrEqual((run.completedAt!.getTime() - firstItemStart) / 1000 + 0.002);
      expect(run.durationSeconds).toBeGreaterThanOrEqual((run.completedAt!.getTime() - run.startedAt!.getTime()) / 1000 - 0.002);
      expect(result.startTime.getTime()).toBe(run.startedAt!.getTime());
      expect(result.durationSeconds).toBeCloseTo(run.durationSeconds, 3);
    } finally {
      await db.close();
    }
  });

  it('records its writer (this host and process) and refreshes the heartbeat as it writes batches', async () => {
    const seen: Array<{ status: string; writerHost: string | null; writerPid: number | null; heartbeatAt: Date | null }> = [];
    const evaluator = new Evaluator({
      task: async (input) => {
        await sleep(250);
        return String(input);
      },
      dataset: Array.from({ length: 8 }, (_, i) => ({ id: `q${i}`, input: i, expected: String(i) })),
      metrics: ['exact_match'],
      config: { databaseUrl: database.url, runName: 'beating', maxConcurrency: 1, storageBatchSize: 1 },
    });
    let reading: Promise<void> | undefined;
    const result = await evaluator.run({
      onProgress: (event: ProgressEvent) => {
        if (event.type !== 'item' || event.item.id !== 'q1') return;
        reading = (async () => {
          const reader = await initializeDatabase({ url: database.url });
          const run = await reader.runs.requireRun(evaluator.databaseRunId!);
          seen.push(run);
          await reader.close();
        })();
      },
    });
    await reading;
    expect(seen[0]).toMatchObject({ status: 'running', writerHost: hostname(), writerPid: process.pid });
    expect(seen[0]!.heartbeatAt).toBeInstanceOf(Date);
    const db = await initializeDatabase({ url: database.url });
    try {
      const run = await db.runs.requireRun(result.runId!);
      const items = (await db.runs.listItems(run.id, { limit: 10 })).items;
      expect(run).toMatchObject({ status: 'completed', writerHost: hostname(), writerPid: process.pid, totalItems: 8 });
      // A beat follows a batch written a second or more after the previous beat: after the fourth item at the latest.
      const fourth = items.find((i) => i.itemId === 'q3')!;
      expect(run.heartbeatAt!.getTime()).toBeGreaterThanOrEqual(fourth.completedAt!.getTime());
    } finally {
      await db.close();
    }
  });
});
