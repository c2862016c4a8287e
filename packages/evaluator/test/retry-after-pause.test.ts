import { Evaluator, openAIChatTask, type EvaluatorConfig } from '../src';
import { startChatApiServer, type ArrivedRequest } from './support/chat-api-server';

// A 429 with Retry-After from the model API holds the whole evaluation, not only the item that got it: while the
// pause lasts no other item sends a request. The model API is a real local HTTP server speaking the OpenAI protocol.
// Enough items, each answered after 20 ms, that the run is still going when the pause begins and long after.
const ITEMS = 150;
const RETRY_AFTER_S = 2;
const dataset = Array.from({ length: ITEMS }, (_, i) => ({ id: `q${i}`, input: `question ${i}`, expected: `question ${i}` }));

/**
 * The longest time between two consecutive requests that arrived from the 429 on. With the pause shared it is about
 * the Retry-After (at least 1.5 of its 2 s even when a loaded machine is slow to handle the 429); without it, the
 * other items' requests keep arriving every few ms.
 */
function longestSilenceMs(requests: ArrivedRequest[], rateLimited: ArrivedRequest): number {
  const times = requests.map((r) => r.at).filter((at) => at >= rateLimited.at).sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
  return longest;
}

async function evaluateAgainst429(config: EvaluatorConfig) {
  // The 8th request is rate limited; every other request is answered at once.
  const api = await startChatApiServer((n) => (n === 8 ? { status: 429, headers: { 'retry-after': String(RETRY_AFTER_S) }, message: 'Rate limit reached' } : { ok: true }), { delayMs: 20 });
  try {
    const result = await new Evaluator({
      task: openAIChatTask({ baseURL: api.baseURL, apiKey: '', model: 'echo-mini' }),
      dataset,
      metrics: ['exact_match'],
      config: { storeRuns: false, maxConcurrency: 6, retryBaseDelayMs: 10, ...config },
    }).run();
    return { result, requests: [...api.requests] };
  } finally {
    await api.close();
  }
}

describe('a Retry-After from the model API', () => {
  it('holds every item of the evaluation until it is over; the rate-limited item is retried and succeeds', async () => {
    const { result, requests } = await evaluateAgainst429({ retries: 2 });
    expect(result.successfulItems).toBe(ITEMS);
    const limited = requests.find((r) => r.n === 8)!;
    expect(longestSilenceMs(requests, limited)).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 500);
    // …and the evaluation was not over: most of its items were asked for after the pause.
    expect(requests.filter((r) => r.at >= limited.at + RETRY_AFTER_S * 1000 - 500).length).toBeGreaterThan(10);
    // Every item was asked once, the limited one twice (its retry waited for the Retry-After).
    const retried = requests.filter((r) => r.content === limited.content);
    expect(retried).toHaveLength(2);
    expect(retried[1]!.at - limited.at).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 50);
    expect(result.items.find((i) => i.input === limited.content)).toMatchObject({ success: true, attempts: 2 });
    expect(requests).toHaveLength(ITEMS + 1);
  });

  it('holds the others also when the limited item has no retry left (it fails, with the API message)', async () => {
    const { result, requests } = await evaluateAgainst429({ retries: 0 });
    const limited = requests.find((r) => r.n === 8)!;
    expect(longestSilenceMs(requests, limited)).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 500);
    // …and the evaluation was not over: most of its items were asked for after the pause.
    expect(requests.filter((r) => r.at >= limited.at + RETRY_AFTER_S * 1000 - 500).length).toBeGreaterThan(10);
    expect(result.failedItems).toBe(1);
    expect(result.items.find((i) => i.input === limited.content)?.error).toMatch(/rate limited the request \(HTTP 429\): Rate limit reached/);
  });

  it('with requestsPerSecond: the limiter holds its later slots until the pause is over', async () => {
    const { result, requests } = await evaluateAgainst429({ retries: 1, requestsPerSecond: 100 });
    expect(result.successfulItems).toBe(ITEMS);
    const limited = requests.find((r) => r.n === 8)!;
    expect(longestSilenceMs(requests, limited)).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 500);
    // …and the evaluation was not over: most of its items were asked for after the pause.
    expect(requests.filter((r) => r.at >= limited.at + RETRY_AFTER_S * 1000 - 500).length).toBeGreaterThan(10);
  });

  it('an absurd Retry-After, beyond what a timer can hold, still holds every item (capped at 24.8 days, never fired at once), and cancelling ends the wait', async () => {
    // Every timer the run sets: one past 2^31 - 1 ms would fire at once (Node's TimeoutOverflowWarning), so the
    // limited item's backoff and the shared pause would spin every millisecond instead of waiting.
    const realSetTimeout = globalThis.setTimeout;
    const overflowing: number[] = [];
    globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      if (typeof ms === 'number' && ms > 2 ** 31 - 1) overflowing.push(ms);
      return realSetTimeout(fn, ms, ...args);
    }) as typeof setTimeout;
    // 10^11 seconds: setTimeout would overflow and fire at once (TimeoutOverflowWarning), hammering the API.
    const api = await startChatApiServer((n) => (n === 3 ? { status: 429, headers: { 'retry-after': '99999999999' }, message: 'Rate limit reached' } : { ok: true }), { delayMs: 5 });
    const controller = new AbortController();
    const cancel = setTimeout(() => controller.abort(), 1_500);
    try {
      const started = Date.now();
      const result = await new Evaluator({
        task: openAIChatTask({ baseURL: api.baseURL, apiKey: '', model: 'echo-mini' }),
        dataset: dataset.slice(0, 40),
        metrics: ['exact_match'],
        config: { storeRuns: false, maxConcurrency: 2, retries: 3, retryBaseDelayMs: 10 },
      }).run({ signal: controller.signal });
      expect(result.status).toBe('cancelled');
      // It ended at the cancel, not 24.8 days later.
      expect(Date.now() - started).toBeLessThan(30_000);
      const limited = api.requests.find((r) => r.n === 3)!;
      // At most the other item's request already on its way when the 429 came; nothing after, the limited item never again.
      expect(api.requests.filter((r) => r.at > limited.at).length).toBeLessThanOrEqual(1);
      expect(api.requests.filter((r) => r.content === limited.content)).toHaveLength(1);
      expect(overflowing).toEqual([]);
    } finally {
      globalThis.setTimeout = realSetTimeout;
      clearTimeout(cancel);
      await api.close();
    }
  });
});
