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

  it('a Retry-After past config.maxRetryAfterMs (default 5 minutes) fails its item at once, saying so, warns once and holds nothing', async () => {
    // Every timer the run sets: none may wait the day asked for (nor overflow, 10^11 s being past what a timer holds).
    const realSetTimeout = globalThis.setTimeout;
    const longTimers: number[] = [];
    globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      if (typeof ms === 'number' && ms > 60_000) longTimers.push(ms);
      return realSetTimeout(fn, ms, ...args);
    }) as typeof setTimeout;
    // Requests 3 and 7 are told to come back in a day, and in 10^11 s.
    const api = await startChatApiServer(
      (n) =>
        n === 3 || n === 7 ? { status: 429, headers: { 'retry-after': n === 3 ? '86400' : '99999999999' }, message: 'Rate limit reached' } : { ok: true },
      { delayMs: 5 },
    );
    const warnings: unknown[] = [];
    try {
      const result = await new Evaluator({
        task: openAIChatTask({ baseURL: api.baseURL, apiKey: '', model: 'echo-mini' }),
        dataset: dataset.slice(0, 40),
        metrics: ['exact_match'],
        config: {
          storeRuns: false,
          maxConcurrency: 2,
          retries: 3,
          retryBaseDelayMs: 10,
          onProgress: (event) => event.type === 'warning' && warnings.push(event.warning),
        },
      }).run();
      expect(result.status).toBe('completed');
      // Nothing waited for the day asked: no timer longer than a minute was set.
      expect(longTimers).toEqual([]);
      // Not retried (the retry would wait the day), and the others were not held: every item asked once.
      expect(api.requests).toHaveLength(40);
      expect(result.failedItems).toBe(2);
      const limited = (n: number) => result.items.find((i) => i.input === api.requests.find((r) => r.n === n)!.content)!;
      expect(limited(3)).toMatchObject({ success: false, attempts: 1 });
      expect(limited(3).error).toBe(
        `${api.baseURL}/chat/completions rate limited the request (HTTP 429): Rate limit reached (not retried: the API asked to wait 24 h ` +
          'before trying again (Retry-After), more than the 5 min config.maxRetryAfterMs allows; run the item again later, or raise config.maxRetryAfterMs)',
      );
      expect(limited(7).error).toMatch(/asked to wait 1157407\.4 days before trying again \(Retry-After\), more than the 5 min/);
      // Told once, for the first item.
      expect(warnings).toEqual([
        expect.objectContaining({ code: 'retry-after-too-long', itemId: limited(3).id, requestedMs: 86_400_000, limitMs: 300_000 }),
      ]);
      expect((warnings[0] as { message: string }).message).toMatch(/asked item "q\d+" to wait 24 h before a retry \(Retry-After\), more than config\.maxRetryAfterMs \(5 min\)/);
    } finally {
      globalThis.setTimeout = realSetTimeout;
      await api.close();
    }
  });

  it('a long Retry-After within a raised config.maxRetryAfterMs still holds every item, and cancelling ends the wait', async () => {
    const controller = new AbortController();
    let cancel: NodeJS.Timeout | undefined;
    // Cancelled 1.5 s after the 429 was answered (however long a loaded machine took to get there).
    const api = await startChatApiServer((n) => {
      if (n !== 3) return { ok: true };
      cancel = setTimeout(() => controller.abort(), 1_500);
      return { status: 429, headers: { 'retry-after': '600' }, message: 'Rate limit reached' };
    }, { delayMs: 5 });
    try {
      const result = await new Evaluator({
        task: openAIChatTask({ baseURL: api.baseURL, apiKey: '', model: 'echo-mini' }),
        dataset: dataset.slice(0, 40),
        metrics: ['exact_match'],
        config: { storeRuns: false, maxConcurrency: 2, retries: 3, retryBaseDelayMs: 10, maxRetryAfterMs: 3_600_000 },
      }).run({ signal: controller.signal });
      // It ended at the cancel (1.5 s in), not 10 minutes later: the test's own timeout would have failed it first.
      expect(result.status).toBe('cancelled');
      const limited = api.requests.find((r) => r.n === 3)!;
      // At most the other item's request already on its way when the 429 came; nothing after, the limited item never again.
      expect(api.requests.filter((r) => r.at > limited.at).length).toBeLessThanOrEqual(1);
      expect(api.requests.filter((r) => r.content === limited.content)).toHaveLength(1);
    } finally {
      clearTimeout(cancel);
      await api.close();
    }
  });
});

describe('config.maxRetryAfterMs', () => {
  it.each([-1, 1.5, 2 ** 31, '300000'])('refuses %p before anything runs', (value) => {
    expect(() => new Evaluator({ task: (x: string) => x, dataset: [{ input: 'a' }], metrics: [], config: { storeRuns: false, maxRetryAfterMs: value as number } })).toThrow(
      `config.maxRetryAfterMs must be a whole number from 0 to ${2 ** 31 - 1}`,
    );
  });
});
