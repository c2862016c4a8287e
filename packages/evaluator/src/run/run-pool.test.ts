import { runPool } from './run-pool';

/** An iterable of `count` numbers that counts how often it is pulled. */
function countedItems(count: number) {
  const counter = { pulls: 0 };
  const iterable: Iterable<number> = {
    [Symbol.iterator]: () => {
      let next = 0;
      return {
        next: () => {
          counter.pulls++;
          return next < count ? { value: next++, done: false } : { value: undefined, done: true };
        },
      };
    },
  };
  return { iterable, counter };
}

describe('runPool', () => {
  it('bounds workers and pulls by the items, not the concurrency setting (1,000,000 over 200 items)', async () => {
    const { iterable, counter } = countedItems(200);
    const seen: number[] = [];
    let inFlight = 0;
    let peak = 0;
    const stats = await runPool(
      iterable,
      1_000_000,
      async (n) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        return n;
      },
      (n) => {
        seen.push(n);
        return undefined;
      },
    );
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(stats.workers).toBeLessThanOrEqual(201);
    expect(counter.pulls).toBeLessThanOrEqual(2 * 200 + 1);
    expect(peak).toBe(200);
  });

  it('starts no more workers than the concurrency, and one for an empty dataset', async () => {
    const { iterable } = countedItems(50);
    let inFlight = 0;
    let peak = 0;
    const stats = await runPool(
      iterable,
      3,
      async (n) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        return n;
      },
      () => undefined,
    );
    expect(stats.workers).toBe(3);
    expect(peak).toBe(3);
    expect((await runPool(countedItems(0).iterable, 10, async (n) => n, () => undefined)).workers).toBe(1);
  });

  it('stops pulling after a failure and rejects with it once every worker is idle', async () => {
    const { iterable, counter } = countedItems(1_000);
    let finished = 0;
    const failure = await runPool(
      iterable,
      4,
      async (n) => {
        await new Promise((r) => setImmediate(r));
        if (n === 5) throw new Error('broken item 5');
        finished++;
        return n;
      },
      () => undefined,
    ).catch((e: unknown) => e);
    expect((failure as Error).message).toBe('broken item 5');
    expect(counter.pulls).toBeLessThan(20);
    expect(finished).toBeLessThan(20);
  });

  it('pulls nothing more once stopped', async () => {
    const { iterable, counter } = countedItems(100);
    let stop = false;
    await runPool(
      iterable,
      2,
      async (n) => {
        if (n === 3) stop = true;
        return n;
      },
      () => undefined,
      () => stop,
    );
    expect(counter.pulls).toBeLessThanOrEqual(6);
  });
});
