import { initializeDatabase, type ItemInput } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import type { ItemResult } from '../run/item-result';
import type { WriteOutcome } from './recorder-backend';
import { RunRecorder } from './run-recorder';
import { RunWriter } from './run-writer';

/** The real writer, holding each write until the test lets it go, and noting how many items each write carried. */
class HeldWriter extends RunWriter {
  readonly sizes: number[] = [];
  private releases: Array<() => void> = [];
  private released = false;

  override async write(items: ItemInput[]): Promise<WriteOutcome> {
    this.sizes.push(items.length);
    if (!this.released) await new Promise<void>((resolve) => this.releases.push(resolve));
    return super.write(items);
  }

  /** Lets the held write go on; with `all`, every later write too. */
  release(all = false): void {
    this.released = all;
    this.releases.splice(0).forEach((resolve) => resolve());
  }
}

const at = new Date(Date.UTC(2026, 11, 2, 23, 0, 0));
const item = (i: number): ItemResult => ({
  id: `q${i}`, index: i, input: `input ${i}`, expected: 'x', output: 'x', success: true, scores: { exact_match: true }, reasons: {},
  metricErrors: {}, startedAt: at, completedAt: at, responseTime: 0.001, attempts: 1,
});
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe.each(DATABASE_KINDS)('RunRecorder on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('hands the items that finish during a write over as one write when it ends, and makes the evaluation wait at four batches', async () => {
    const writer = new HeldWriter();
    const recorder = await RunRecorder.start({
      databaseUrl: database.url,
      batchSize: 2,
      flushIntervalMs: 60_000,
      run: { name: 'gathered', status: 'running', metricsUsed: ['exact_match'] },
      backend: writer,
    });
    expect(recorder.add(item(0))).toBeUndefined();
    expect(recorder.add(item(1))).toBeUndefined(); // a full batch: its write starts (and is held)
    for (let i = 2; i < 9; i++) expect(recorder.add(item(i))).toBeUndefined(); // gathered while the write is held
    const waiting = recorder.add(item(9)); // four batches gathered: the evaluation must wait
    expect(waiting).toBeInstanceOf(Promise);
    let resumed = false;
    void waiting!.then(() => (resumed = true));
    await tick();
    expect(resumed).toBe(false);
    expect(writer.sizes).toEqual([2]);

    writer.release(); // the first write ends: the eight gathered items go as one write, and the evaluation goes on
    await waiting;
    expect(writer.sizes).toEqual([2, 8]);
    expect(recorder.add(item(10))).toBeUndefined();

    writer.release(true);
    await recorder.finish({ status: 'completed', startedAt: at, completedAt: at, durationSeconds: 0 });
    expect(writer.sizes).toEqual([2, 8, 1]);
    expect(recorder.storedItems).toBe(11);
    const db = await initializeDatabase({ url: database.url });
    try {
      const run = await db.runs.requireRun(recorder.runId);
      expect(run).toMatchObject({ status: 'completed', totalItems: 11, successfulItems: 11 });
      const items = (await db.runs.listItems(recorder.runId, { limit: 20 })).items;
      expect(items.map((i) => i.itemId)).toEqual(Array.from({ length: 11 }, (_, i) => `q${i}`));
    } finally {
      await db.close();
    }
  });
});
