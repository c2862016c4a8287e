/** What runPool reports when it is done. @internal */
export interface PoolStats {
  /** Workers started: never more than the items (plus one to find the end) nor the concurrency. */
  workers: number;
}

/**
 * Runs `runOne` over the items with at most `concurrency` in flight, pulling the next item as each one finishes.
 * Workers start only as items arrive (each pulled item may start one more, up to `concurrency`), so the work done is
 * bounded by the items, never by the setting: a concurrency of 1,000,000 over 200 items starts at most 201 workers.
 * Stops pulling when `isStopped()` turns true or a worker fails; rejects with the first failure once all are idle.
 * @internal
 */
export function runPool<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  concurrency: number,
  runOne: (item: T) => Promise<R | undefined>,
  onResult: (result: R) => Promise<void> | undefined,
  isStopped: () => boolean = () => false,
): Promise<PoolStats> {
  const iterator =
    Symbol.asyncIterator in items ? (items as AsyncIterable<T>)[Symbol.asyncIterator]() : (items as Iterable<T>)[Symbol.iterator]();
  return new Promise((resolve, reject) => {
    let active = 0;
    let workers = 0;
    let exhausted = false;
    let failed = false;
    let failure: unknown;
    const stopped = () => exhausted || failed || isStopped();

    const work = async () => {
      while (!stopped()) {
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          return;
        }
        if (active < concurrency && !stopped()) start();
        const result = await runOne(next.value);
        if (result !== undefined) {
          const backpressure = onResult(result);
          if (backpressure) await backpressure;
        }
      }
    };

    const start = () => {
      active++;
      workers++;
      work()
        .catch((error: unknown) => {
          if (!failed) failure = error;
          failed = true;
        })
        .finally(() => {
          active--;
          if (active > 0) return;
          if (failed) reject(failure);
          else resolve({ workers });
        });
    };

    start();
  });
}
