import { Evaluator, RetryableError } from '../src';

// An item's startedAt was taken before its rate-limit wait: with requestsPerSecond every item of a run was stored as
// started within a few ms of the others, while their task calls really came one slot apart, and completedAt -
// startedAt was far longer than responseTime. startedAt is now when the item's task call started (after any wait),
// as responseTime measures it; a retried item keeps its first attempt's start.
describe("an item's startedAt is when its task call started", () => {
  it('with a rate limit, each item starts after the task call before it and no later than its own', async () => {
    const calledAt = new Map<number, number>();
    const evaluator = new Evaluator({
      task: async (input: number) => {
        calledAt.set(input, Date.now());
        return input;
      },
      dataset: Array.from({ length: 6 }, (_, i) => ({ id: `q${i}`, input: i })),
      metrics: [],
      // 20 per second: task calls 50 ms apart, all six items in flight at once and waiting for their slots.
      config: { storeRuns: false, requestsPerSecond: 20, maxConcurrency: 10 },
    });
    const result = await evaluator.run();
    const byCall = [...result.items].sort((a, b) => calledAt.get(a.input as number)! - calledAt.get(b.input as number)!);
    for (let i = 0; i < byCall.length; i++) {
      const item = byCall[i]!;
      expect(item.startedAt.getTime()).toBeLessThanOrEqual(calledAt.get(item.input as number)!);
      if (i > 0) expect(item.startedAt.getTime()).toBeGreaterThanOrEqual(calledAt.get(byCall[i - 1]!.input as number)!);
      // The stored span holds the task call, which responseTime measures (Date has whole milliseconds).
      expect(item.completedAt.getTime() - item.startedAt.getTime()).toBeGreaterThanOrEqual(Math.floor(item.responseTime * 1000) - 1);
    }
    // The run starts when its first task call did.
    expect(result.startTime.getTime()).toBe(Math.min(...result.items.map((item) => item.startedAt.getTime())));
  });

  it("a retried item keeps its first attempt's start, after that attempt's rate-limit wait", async () => {
    const calls: Array<{ input: number; attempt: number; at: number }> = [];
    const evaluator = new Evaluator({
      task: async (input: number, context) => {
        calls.push({ input, attempt: context.attempt, at: Date.now() });
        if (input === 2 && context.attempt === 1) throw new RetryableError('rate limited, try again');
        return input;
      },
      dataset: Array.from({ length: 3 }, (_, i) => ({ id: `q${i}`, input: i })),
      metrics: [],
      config: { storeRuns: false, requestsPerSecond: 20, maxConcurrency: 3, retries: 1, retryBaseDelayMs: 20, retryMaxDelayMs: 20 },
    });
    const result = await evaluator.run();
    const retried = result.items.find((item) => item.input === 2)!;
    expect(retried).toMatchObject({ success: true, attempts: 2 });
    const first = calls.find((c) => c.input === 2 && c.attempt === 1)!;
    const second = calls.find((c) => c.input === 2 && c.attempt === 2)!;
    expect(retried.startedAt.getTime()).toBeLessThanOrEqual(first.at);
    // Not before its wait for a rate-limit slot: the two other items' calls came first.
    for (const other of calls.filter((c) => c.input !== 2)) expect(retried.startedAt.getTime()).toBeGreaterThanOrEqual(other.at);
    expect(second.at).toBeGreaterThanOrEqual(first.at);
  });
});
