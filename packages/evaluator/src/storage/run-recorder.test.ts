import { initializeDatabase, type ItemInput } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { StorageWriteError } from '../errors';
import type { ItemResult } from '../run/item-result';
import type { WriteOutcome } from './recorder-backend';
import { RunRecorder } from './run-recorder';
import { RunWriter } from './run-writer';

/** The real writer, holding each write until the test lets it go (oldest first), and noting how many items each carried. */
class HeldWriter extends RunWriter {
  readonly sizes: number[] = [];
  private releases: Array<() => void> = [];
  private releasedAll = false;

  override async write(items: ItemInput[]): Promise<WriteOutcome> {
    this.sizes.push(items.length);
    if (!this.releasedAll) await new Promise<void>((resolve) => this.releases.push(resolve));
    return super.write(items);
  }

  /** Lets the oldest held write go on. */
  releaseOne(): void {
    this.releases.shift()?.();
  }

  /** Lets every held write, and every later one, go on. */
  releaseAll(): void {
    this.releasedAll = true;
    this.releases.splice(0).forEach((resolve) => resolve());
  }
}

/**
 * A held writer that also reports its progress at once, as the storage worker does through shared memory: a write it
 * has finished stops counting as unfinished before its reply (the held promise) comes.
 */
class ProgressReportingWriter extends HeldWriter {
  finishedWithoutReply = 0;

  unfinishedWrites(): number {
    return this.sizes.length - this.finishedWithoutReply;
  }
}

/**
 * A held writer that counts the evaluation thread's signs of life (RecorderBackend.alive), as the storage worker
 * reads them to decide whether to refresh the run's heartbeat.
 */
class AliveCountingWriter extends HeldWriter {
  signs = 0;

  alive(): void {
    this.signs++;
  }
}

/** The real writer, whose first write fails as a lost database connection would. */
class FirstWriteFails extends RunWriter {
  calls = 0;

  protected override async writeNow(items: ItemInput[]): Promise<WriteOutcome> {
    if (this.calls++ === 0) throw new Error('disk I/O error');
    return super.writeNow(items);
  }
}

/** The real writer, whose second write fails as a database that filled up would. */
class SecondWriteFails extends RunWriter {
  calls = 0;

  protected override async writeNow(items: ItemInput[]): Promise<WriteOutcome> {
    if (this.calls++ === 1) throw new Error('database or disk is full');
    return super.writeNow(items);
  }
}

const at = new Date(Date.UTC(2026, 11, 2, 23, 0, 0));
const item = (i: number): ItemResult => ({
  id: `q${i}`, index: i, input: `input ${i}`, expected: 'x', output: 'x', success: true, scores: { exact_match: true }, reasons: {},
  metricErrors: {}, startedAt: at, completedAt: at, responseTime: 0.001, attempts: 1,
});
const tick = () => new Promise((resolve) => setImmediate(resolve));
const final = { status: 'completed' as const, startedAt: at, completedAt: at, durationSeconds: 0 };

describe.each(DATABASE_KINDS)('RunRecorder on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  /** A recorder of a new run on the test database, writing through `backend` (timed flushes out of the way). */
  const start = (backend: RunWriter, name: string, batchSize: number) =>
    RunRecorder.start({ databaseUrl: database.url, batchSize, flushIntervalMs: 60_000, run: { name, status: 'running', metricsUsed: ['exact_match'] }, backend });

  it('keeps two writes in flight, gathers what finishes meanwhile into one write, and makes the evaluation wait at four batches', async () => {
    const writer = new HeldWriter();
    const recorder = await start(writer, 'gathered', 2);
    expect(recorder.add(item(0))).toBeUndefined();
    expect(recorder.add(item(1))).toBeUndefined(); // a full batch: its write is handed over (and held)
    expect(recorder.add(item(2))).toBeUndefined();
    expect(recorder.add(item(3))).toBeUndefined(); // the second batch is handed over too, without waiting for the first
    expect(writer.sizes).toEqual([2, 2]);
    for (let i = 4; i < 11; i++) expect(recorder.add(item(i))).toBeUndefined(); // two writes in flight: these gather
    const waiting = recorder.add(item(11)); // four batches gathered: the evaluation must wait
    expect(waiting).toBeInstanceOf(Promise);
    let resumed = false;
    void waiting!.then(() => (resumed = true));
    await tick();
    expect(resumed).toBe(false);
    expect(writer.sizes).toEqual([2, 2]);

    writer.releaseOne(); // the first write ends: the eight gathered items go as one write, and the evaluation goes on
    await waiting;
    expect(writer.sizes).toEqual([2, 2, 8]);
    expect(recorder.add(item(12))).toBeUndefined();

    writer.releaseAll();
    await recorder.finish(final);
    expect(writer.sizes).toEqual([2, 2, 8, 1]);
    expect(recorder.storedItems).toBe(13);
    const db = await initializeDatabase({ url: database.url });
    try {
      const run = await db.runs.requireRun(recorder.runId);
      expect(run).toMatchObject({ status: 'completed', totalItems: 13, successfulItems: 13 });
      const items = (await db.runs.listItems(recorder.runId, { limit: 20 })).items;
      expect(items.map((i) => i.itemId)).toEqual(Array.from({ length: 13 }, (_, i) => `q${i}`));
    } finally {
      await db.close();
    }
  });

  // Counted in items alone, a run of 2 MB outputs gathered 2,000 of them (4 GB) behind two writes in flight, and
  // `keepItems: false` runs grew with the size of their items (3.8 GB at 1,000 items of 2 MB).
  it('writes large items by their size, and makes the evaluation wait once 32 million characters have gathered', async () => {
    const big = 'o'.repeat(3_000_000); // one string shared by every item: the test holds 3 MB of it
    const large = (i: number): ItemResult => ({ ...item(i), output: big });
    const writer = new HeldWriter();
    const recorder = await start(writer, 'large items', 500);
    for (let i = 0; i < 3; i++) expect(recorder.add(large(i))).toBeUndefined();
    expect(writer.sizes).toEqual([3]); // 9 million characters: a write, long before 64 items
    for (let i = 3; i < 6; i++) expect(recorder.add(large(i))).toBeUndefined();
    expect(writer.sizes).toEqual([3, 3]);
    for (let i = 6; i < 16; i++) expect(recorder.add(large(i))).toBeUndefined(); // two writes in flight: 30 million gather
    const waiting = recorder.add(large(16)); // 33 million characters gathered: the evaluation must wait
    expect(waiting).toBeInstanceOf(Promise);
    let resumed = false;
    void waiting!.then(() => (resumed = true));
    await tick();
    expect(resumed).toBe(false);

    writer.releaseOne(); // the first write ends: what gathered goes as one write, and the evaluation goes on
    await waiting;
    expect(writer.sizes).toEqual([3, 3, 11]);
    writer.releaseAll();
    await recorder.finish(final);
    expect(recorder.storedItems).toBe(17);
    const db = await initializeDatabase({ url: database.url });
    try {
      const items = (await db.runs.listItems(recorder.runId, { limit: 20 })).items;
      expect(items.map((i) => i.itemId)).toEqual(Array.from({ length: 17 }, (_, i) => `q${i}`));
      expect(items.every((i) => i.actualOutput === big)).toBe(true);
    } finally {
      await db.close();
    }
  });

  it("hands a run's first 64 items over at once, so the writer starts early, and whole batches after them", async () => {
    const writer = new HeldWriter();
    const recorder = await start(writer, 'first write', 500);
    for (let i = 0; i < 63; i++) recorder.add(item(i));
    expect(writer.sizes).toEqual([]);
    recorder.add(item(63));
    expect(writer.sizes).toEqual([64]);
    for (let i = 64; i < 563; i++) recorder.add(item(i));
    expect(writer.sizes).toEqual([64]);
    recorder.add(item(563));
    expect(writer.sizes).toEqual([64, 500]);
    recorder.add(item(564));
    writer.releaseAll();
    await recorder.finish(final);
    expect(writer.sizes).toEqual([64, 500, 1]);
    expect(recorder.storedItems).toBe(565);
  });

  it('hands the next batch over as soon as the backend reports a write finished, before its reply is read', async () => {
    const writer = new ProgressReportingWriter();
    const recorder = await start(writer, 'progress', 2);
    // No await from here on: the evaluation thread never yields to its event loop, so no reply could be read.
    for (let i = 0; i < 6; i++) expect(recorder.add(item(i))).toBeUndefined();
    expect(writer.sizes).toEqual([2, 2]); // two writes unfinished: items 4 and 5 gather
    writer.finishedWithoutReply = 1; // the worker finished the first write; its reply is still unread
    expect(recorder.add(item(6))).toBeUndefined();
    expect(writer.sizes).toEqual([2, 2, 3]); // what gathered went at once
    for (let i = 7; i < 9; i++) expect(recorder.add(item(i))).toBeUndefined();
    expect(writer.sizes).toEqual([2, 2, 3]); // two unfinished again: these gather

    writer.releaseAll();
    await recorder.finish(final);
    expect(writer.sizes).toEqual([2, 2, 3, 2]);
    expect(recorder.storedItems).toBe(9);
    const db = await initializeDatabase({ url: database.url });
    try {
      expect(await db.runs.requireRun(recorder.runId)).toMatchObject({ status: 'completed', totalItems: 9 });
      const items = (await db.runs.listItems(recorder.runId, { limit: 20 })).items;
      expect(items.map((i) => i.itemId)).toEqual(Array.from({ length: 9 }, (_, i) => `q${i}`));
    } finally {
      await db.close();
    }
  });

  it('hands what gathered over on a late reply only while the backend has room: never more than two writes unfinished', async () => {
    const writer = new ProgressReportingWriter();
    const unfinishedAtEachWrite: number[] = [];
    const write = writer.write.bind(writer);
    writer.write = (items) => {
      const written = write(items);
      unfinishedAtEachWrite.push(writer.unfinishedWrites());
      return written;
    };
    const recorder = await start(writer, 'late reply', 2);
    for (let i = 0; i < 6; i++) recorder.add(item(i));
    writer.finishedWithoutReply = 1; // the worker finished the first write; its reply is still unread
    recorder.add(item(6)); // items 4 to 6 go at once: two writes unfinished again
    for (let i = 7; i < 9; i++) recorder.add(item(i)); // a batch gathers
    expect(writer.sizes).toEqual([2, 2, 3]);

    // The first write's reply is read only now, while the worker still has two writes: the gathered batch waits.
    writer.releaseOne();
    while (recorder.storedItems < 2) await tick();
    await tick();
    expect(writer.sizes).toEqual([2, 2, 3]);
    // The worker finished the second write: its reply hands the gathered batch over.
    writer.finishedWithoutReply = 2;
    writer.releaseOne();
    while (recorder.storedItems < 4) await tick();
    await tick();
    expect(writer.sizes).toEqual([2, 2, 3, 2]);
    expect(Math.max(...unfinishedAtEachWrite)).toBe(2);

    writer.releaseAll();
    await recorder.finish(final);
    expect(recorder.storedItems).toBe(9);
    const db = await initializeDatabase({ url: database.url });
    try {
      const items = (await db.runs.listItems(recorder.runId, { limit: 20 })).items;
      expect(items.map((i) => i.itemId)).toEqual(Array.from({ length: 9 }, (_, i) => `q${i}`));
    } finally {
      await db.close();
    }
  });

  it('makes the evaluation wait for its event loop once 64 replies are unread, however fast the backend reports progress', async () => {
    const writer = new ProgressReportingWriter();
    const recorder = await start(writer, 'unread replies', 1);
    for (let i = 0; i < 63; i++) {
      expect(recorder.add(item(i))).toBeUndefined();
      writer.finishedWithoutReply = writer.sizes.length; // the worker keeps up; no reply is read
    }
    const waiting = recorder.add(item(63)); // the 64th write unread: wait until the replies are read
    expect(waiting).toBeInstanceOf(Promise);
    expect(writer.sizes).toHaveLength(64);
    writer.releaseAll();
    await waiting;
    await recorder.finish(final);
    expect(recorder.storedItems).toBe(64);
  });

  it('keeps saying the evaluation thread lives while finish waits for the last writes, and stops after', async () => {
    const writer = new AliveCountingWriter();
    const recorder = await start(writer, 'draining', 2);
    for (let i = 0; i < 2; i++) recorder.add(item(i)); // one write handed over, held
    const finished = recorder.finish(final);
    const before = writer.signs;
    // The drain takes longer than the 1 s between signs: the heartbeat must not stall meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    expect(writer.signs).toBeGreaterThanOrEqual(before + 2);
    writer.releaseAll();
    await finished;
    const after = writer.signs;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(writer.signs).toBe(after);
  });

  it('writes nothing after a failed write, even a batch that was already handed over, and stores the run as failed', async () => {
    const writer = new FirstWriteFails();
    const recorder = await start(writer, 'failing', 2);
    for (let i = 0; i < 4; i++) expect(recorder.add(item(i))).toBeUndefined(); // two writes handed over at once
    const finished = recorder.finish(final);
    await expect(finished).rejects.toThrow(StorageWriteError);
    await expect(finished).rejects.toThrow(/storing 2 items of run .* failed: disk I\/O error/);
    expect(writer.calls).toBe(1); // the second batch was refused without being written
    expect(recorder.storedItems).toBe(0);
    expect(recorder.add(item(4))).toBeUndefined(); // after a failure, items are no longer gathered
    const db = await initializeDatabase({ url: database.url });
    try {
      expect(await db.runs.requireRun(recorder.runId)).toMatchObject({ status: 'failed' });
      expect((await db.runs.listItems(recorder.runId)).total).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('stores a run whose later write failed as failed, with the statistics and totals of the items it holds', async () => {
    const writer = new SecondWriteFails();
    const recorder = await start(writer, 'failing later', 2);
    // Items 0 and 1 are stored (exact_match 1 and 0); the write of items 2 and 3 fails.
    for (let i = 0; i < 4; i++) recorder.add({ ...item(i), success: true, scores: { exact_match: i % 2 === 0 } });
    await expect(recorder.finish(final)).rejects.toThrow(/storing 2 items of run .* failed: database or disk is full/);
    expect(recorder.storedItems).toBe(2);
    const db = await initializeDatabase({ url: database.url });
    try {
      const run = await db.runs.requireRun(recorder.runId);
      expect(run).toMatchObject({ status: 'failed', totalItems: 2, successfulItems: 2 });
      expect(run.statusReason).toContain('database or disk is full');
      expect(run.completedAt).toEqual(at);
      expect(run.metrics).toEqual([expect.objectContaining({ metricName: 'exact_match', mean: 0.5, min: 0, max: 1, totalEvaluated: 2 })]);
    } finally {
      await db.close();
    }
  });
});
