import { catchUpWithin, CATCH_UP_LIMIT_MS } from '../src/bounded-catch-up';

// DELETE /runs/:run awaited the change watcher's catch-up, which on PostgreSQL asks the LISTEN connection with no
// time limit: a half-open connection hung every delete. The catch-up is now waited for a moment at most.
describe('the catch-up before a delete', () => {
  it('is given up after its limit when it never settles, saying so', async () => {
    const skipped: string[] = [];
    const startedAt = Date.now();
    await catchUpWithin(() => new Promise<void>(() => undefined), 200, (reason) => skipped.push(reason));
    const tookMs = Date.now() - startedAt;
    expect(tookMs).toBeGreaterThanOrEqual(190);
    expect(tookMs).toBeLessThan(1_000);
    expect(skipped).toEqual(['timeout']);
  });

  it('waits at most 1.5 s by default', () => {
    expect(CATCH_UP_LIMIT_MS).toBe(1_500);
  });

  it('goes on at once when the catch-up settles, and never throws its failure', async () => {
    const skipped: string[] = [];
    const startedAt = Date.now();
    await catchUpWithin(async () => undefined, 5_000, (reason) => skipped.push(reason));
    await catchUpWithin(() => Promise.reject(new Error('connection lost')), 5_000, (reason) => skipped.push(reason));
    await catchUpWithin(() => {
      throw new Error('no watcher');
    }, 5_000, (reason) => skipped.push(reason));
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(skipped).toEqual(['error', 'error']);
  });

  it('does not report a late failure of a catch-up it gave up on as unhandled', async () => {
    const skipped: string[] = [];
    let fail: (error: Error) => void = () => undefined;
    await catchUpWithin(() => new Promise<void>((_resolve, reject) => (fail = reject)), 50, (reason) => skipped.push(reason));
    fail(new Error('late'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(skipped).toEqual(['timeout', 'error']);
  });
});
