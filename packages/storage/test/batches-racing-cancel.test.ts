import { RunClosedError, type ItemInput } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

const ROUNDS = 24;
const WRITERS = 4;
const BATCH = 300;

function batchOf(writer: number, number: number): ItemInput[] {
  const first = (number * WRITERS + writer) * BATCH;
  return Array.from({ length: BATCH }, (_, i) => ({
    itemId: `w${writer}-b${number}-${i}`,
    sequenceNumber: first + i,
    status: i % 7 === 0 ? ('failed' as const) : ('completed' as const),
    actualOutput: `output ${first + i}`,
    responseTime: 0.1 + (i % 10) / 10,
    tokensUsed: 10,
  }));
}

describe.each(DATABASE_KINDS)('batches racing a cancel on %s', (kind) => {
  const t = useMigratedDatabase(kind);

  it('are stored before the cancel or refused whole, never stored after it', async () => {
    const { runs } = t.db;
    for (let round = 0; round < ROUNDS; round++) {
      const run = await runs.createRun({ name: `race ${round}`, projectId: 'race' });
      let cancelled = false;
      let stored = 0;
      const startedAfterCancel: Array<Promise<unknown>> = [];
      // Each writer sends batches until the run refuses one.
      const writers = Array.from({ length: WRITERS }, async (_, writer) => {
        for (let number = 0; ; number++) {
          // SQLite's driver answers without a trip through the event loop: let the cancel's timer in between batches.
          await new Promise((resolve) => setImmediate(resolve));
          const startsAfterCancel = cancelled;
          const attempt = runs.addItems(run.id, batchOf(writer, number), { onlyWhileRunning: true });
          if (startsAfterCancel) startedAfterCancel.push(attempt.catch((error: unknown) => error));
          try {
            const count = await attempt;
            stored += count; // not `stored += await`: that would read `stored` before the await
          } catch (error) {
            expect(error).toBeInstanceOf(RunClosedError);
            return;
          }
        }
      });
      // Let a few batches in (more in later rounds), then cancel while writers are mid-batch.
      await new Promise((resolve) => setTimeout(resolve, 5 + (round % 6) * 15));
      expect(await runs.cancelRun(run.id, 'race test')).toBe(true);
      cancelled = true;
      await Promise.all(writers);

      for (const outcome of await Promise.all(startedAfterCancel)) expect(outcome).toBeInstanceOf(RunClosedError);
      // Every batch that returned is in the run, none that was refused is, and the running totals counted exactly them.
      const running = await runs.requireRun(run.id);
      expect((await runs.listItems(run.id, { limit: 1 })).total).toBe(stored);
      expect(running.totalItems).toBe(stored);
      expect(await runs.finalizeRun(run.id, { status: 'completed' })).toBe(true);
      const finalised = await runs.requireRun(run.id);
      expect({ status: finalised.status, totalItems: finalised.totalItems }).toEqual({ status: 'cancelled', totalItems: stored });
      // A batch arriving after the finalisation is refused as well.
      await expect(runs.addItems(run.id, batchOf(0, 999), { onlyWhileRunning: true })).rejects.toBeInstanceOf(RunClosedError);
    }
  }, 120_000);
});
