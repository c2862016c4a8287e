import { createItemRunner, RetryableError, type ItemRateLimiter } from '../src';

// The item runner the queue's workers use: items run exactly as in the Evaluator, and a Retry-After pauses the shared
// rate limiter (so every worker waits, not just the one that got the 429).
function recordingLimiter() {
  const calls: Array<['acquire'] | ['pause', number]> = [];
  const limiter: ItemRateLimiter = {
    acquire: async () => {
      calls.push(['acquire']);
    },
    pause: (ms) => {
      calls.push(['pause', ms]);
    },
  };
  return { limiter, calls };
}

test('a retryable error with retryAfterMs pauses the shared limiter for that long, then the item is retried and scored', async () => {
  const { limiter, calls } = recordingLimiter();
  let attempts = 0;
  const runner = createItemRunner({
    task: async (input: unknown) => {
      attempts++;
      if (attempts === 1) throw new RetryableError('429 Too Many Requests', 30);
      return input;
    },
    metrics: ['exact_match'],
    config: { retries: 2, retryBaseDelayMs: 1, retryMaxDelayMs: 5 },
    rateLimiter: limiter,
  });
  const result = await runner.run({ id: 'q1', index: 0, input: 'Paris', expected: 'Paris' });
  runner.dispose();
  expect(result).toMatchObject({ success: true, output: 'Paris', attempts: 2, scores: { exact_match: 1 } });
  expect(calls).toEqual([['acquire'], ['pause', 30], ['acquire']]);
  expect(runner.metricNames).toEqual(['exact_match']);
});

test('a failure without Retry-After does not pause the limiter, and an item out of retries is a failed result with its error', async () => {
  const { limiter, calls } = recordingLimiter();
  const runner = createItemRunner({
    task: async () => {
      throw new RetryableError('503 Service Unavailable');
    },
    metrics: ['exact_match'],
    config: { retries: 1, retryBaseDelayMs: 1, retryMaxDelayMs: 2 },
    rateLimiter: limiter,
  });
  const result = await runner.run({ id: 'q2', index: 1, input: 'x', expected: 'y' });
  runner.dispose();
  expect(result).toMatchObject({ success: false, attempts: 2, error: expect.stringContaining('503 Service Unavailable') });
  expect(calls.filter(([kind]) => kind === 'pause')).toEqual([]);
});

test('an aborted signal stops the runner: the item gives no result', async () => {
  const controller = new AbortController();
  controller.abort();
  const runner = createItemRunner({ task: (input: unknown) => input, metrics: [], signal: controller.signal });
  expect(await runner.run({ id: 'q3', index: 2, input: 1 })).toBeUndefined();
  runner.dispose();
});

// The queue's workers reported nothing of the values they cut: the runner now tells the first cut (the Evaluator's
// warning) and counts them all, as result.valuesCut does.
test('values past maxValueChars: onValueCut is told once, at the first, and valuesCut counts every cut value', async () => {
  const warnings: Array<{ itemId: string; field: string; limit: number }> = [];
  const runner = createItemRunner({
    task: async () => 'ok',
    metrics: ['exact_match'],
    config: { maxValueChars: 1_000 },
    onValueCut: (warning) => warnings.push(warning),
  });
  expect(runner.valuesCut).toBe(0);
  await runner.run({ id: 'small', index: 0, input: 'a', expected: 'ok' });
  expect(runner.valuesCut).toBe(0);
  await runner.run({ id: 'big', index: 1, input: 'x'.repeat(5_000), expected: 'ok' });
  await runner.run({ id: 'big-too', index: 2, input: 'y'.repeat(5_000), expected: 'z'.repeat(5_000) });
  expect(runner.valuesCut).toBe(3);
  expect(warnings).toEqual([expect.objectContaining({ itemId: 'big', field: 'input', limit: 1_000 })]);
  runner.dispose();
});

// A queue item can run twice (a worker that stalled and came back, a retried job): counting the runner's running total
// counted its cut values twice. Each item's cuts are now taken by item id, once per run of the item.
test("takeValuesCut gives an item's cut values once per run of it, and 0 for an item with none", async () => {
  const runner = createItemRunner({ task: async () => 'ok', metrics: ['exact_match'], config: { maxValueChars: 1_000 } });
  const big = { id: 'big', index: 1, input: 'x'.repeat(5_000), expected: 'z'.repeat(5_000) };
  await Promise.all([runner.run(big), runner.run({ id: 'small', index: 0, input: 'a', expected: 'ok' })]);
  expect(runner.takeValuesCut('big')).toBe(2);
  expect(runner.takeValuesCut('big')).toBe(0);
  expect(runner.takeValuesCut('small')).toBe(0);
  // Run again (at-least-once delivery): its cuts are there to take again, for the queue to count once at most.
  await runner.run(big);
  expect(runner.takeValuesCut('big')).toBe(2);
  expect(runner.valuesCut).toBe(4);
  runner.dispose();
});
