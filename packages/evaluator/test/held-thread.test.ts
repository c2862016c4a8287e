import { Evaluator, type EvaluatorMetric } from '../src';

// One item's slow synchronous metric (ROUGE-L of two long texts, a backtracking regex) holds the thread for every item
// in flight. An answer that arrived meanwhile waits behind it, the other items' timeout timers fire first, and they
// were recorded as "Task timed out after 1000 ms" although their own task had answered in time. Such an answer is now
// taken before the timeout; a task that really takes too long still times out, however busy the run is.
const HOLD_MS = 1_500;
const LIMIT_MS = 1_000;

function holdThread(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // A synchronous metric's work.
  }
}

function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('time another item held the thread', () => {
  it("does not time out a task whose answer arrived during the hold; the slow synchronous metric itself times out", async () => {
    // The other items answer only after the hold, through the check phase, so their expired timers run first.
    const answer = gate();
    const slow: EvaluatorMetric = {
      name: 'slow',
      fn: (output) => {
        if (output === 'hostile') {
          holdThread(HOLD_MS);
          setImmediate(answer.open);
        }
        return 1;
      },
    };
    const result = await new Evaluator({
      task: async (input: string) => {
        if (input !== 'hostile') await answer.opened;
        return input;
      },
      dataset: ['a', 'b', 'c', 'd', 'hostile'].map((input) => ({ id: input, input })),
      metrics: [slow],
      config: { storeRuns: false, maxConcurrency: 5, timeoutMs: LIMIT_MS, metricTimeoutMs: LIMIT_MS },
    }).run();
    const byId = Object.fromEntries(result.items.map((item) => [item.id, item]));
    for (const id of ['a', 'b', 'c', 'd']) {
      expect({ id, success: byId[id]!.success, error: byId[id]!.error, scores: byId[id]!.scores }).toEqual({ id, success: true, error: undefined, scores: { slow: 1 } });
    }
    expect(byId.hostile!.success).toBe(true);
    expect(byId.hostile!.metricErrors).toEqual({ slow: `MetricTimeoutError: metric "slow" did not finish within ${LIMIT_MS} ms; make it faster or raise config.metricTimeoutMs` });
  });

  it("does not time out a task whose answer arrived while another item's synchronous task held the thread; that task itself times out", async () => {
    const answer = gate();
    const result = await new Evaluator({
      task: async (input: string) => {
        // The others start first and wait for an answer that arrives during the hostile item's synchronous work (a
        // task's CPU-bound part before its first await: tokenising a huge prompt, say).
        if (input === 'hostile') {
          holdThread(HOLD_MS);
          setImmediate(answer.open);
          return input;
        }
        await answer.opened;
        return input;
      },
      dataset: ['a', 'b', 'c', 'd', 'hostile'].map((input) => ({ id: input, input })),
      metrics: [],
      config: { storeRuns: false, maxConcurrency: 5, timeoutMs: LIMIT_MS },
    }).run();
    const byId = Object.fromEntries(result.items.map((item) => [item.id, item]));
    for (const id of ['a', 'b', 'c', 'd']) expect({ id, success: byId[id]!.success, error: byId[id]!.error }).toEqual({ id, success: true, error: undefined });
    expect({ success: byId.hostile!.success, error: byId.hostile!.error }).toEqual({ success: false, error: `Task timed out after ${LIMIT_MS} ms` });
  });

  it("is not counted against another item's async metric timeout", async () => {
    const judged = gate();
    const judge: EvaluatorMetric = { name: 'judge', fn: async (output) => (output === 'hostile' ? 1 : judged.opened.then(() => 0.5)) };
    const slow: EvaluatorMetric = {
      name: 'slow',
      fn: (output) => {
        if (output === 'hostile') {
          holdThread(HOLD_MS);
          setImmediate(judged.open);
        }
        return 1;
      },
    };
    const result = await new Evaluator({
      // The hostile item is scored after the others' judges have started, from the check phase: the next loop turn
      // then runs the expired timers before the judges' answers (also in the check phase).
      task: async (input: string) => {
        if (input === 'hostile') {
          await new Promise((resolve) => setTimeout(resolve, 50));
          await new Promise((resolve) => setImmediate(resolve));
        }
        return input;
      },
      dataset: ['a', 'b', 'hostile'].map((input) => ({ id: input, input })),
      metrics: [judge, slow],
      config: { storeRuns: false, maxConcurrency: 3, timeoutMs: 10_000, metricTimeoutMs: LIMIT_MS },
    }).run();
    const byId = Object.fromEntries(result.items.map((item) => [item.id, item]));
    for (const id of ['a', 'b']) expect({ id, scores: byId[id]!.scores, errors: byId[id]!.metricErrors }).toEqual({ id, scores: { judge: 0.5, slow: 1 }, errors: {} });
  });

  it('times out a task that answers after its timeout, even though another item held the thread meanwhile', async () => {
    const slow: EvaluatorMetric = { name: 'slow', fn: (output) => (output === 'cpu' ? (holdThread(800), 1) : 1) };
    const result = await new Evaluator({
      task: async (input: string, { signal }) => {
        if (input === 'net') {
          await new Promise((resolve) => {
            const timer = setTimeout(resolve, 1_000);
            signal.addEventListener('abort', () => (clearTimeout(timer), resolve(undefined)), { once: true });
          });
        }
        return input;
      },
      dataset: ['net', 'cpu'].map((input) => ({ id: input, input })),
      metrics: [slow],
      config: { storeRuns: false, maxConcurrency: 2, timeoutMs: 500 },
    }).run();
    const net = result.items.find((item) => item.id === 'net')!;
    expect({ success: net.success, error: net.error }).toEqual({ success: false, error: 'Task timed out after 500 ms' });
  });

  it('times out a task that never answers while the other items keep holding the thread, before they are done', async () => {
    const busy: EvaluatorMetric = { name: 'busy', fn: (output) => (output === 'stuck' ? 1 : (holdThread(100), 1)) };
    const others = Array.from({ length: 20 }, (_, i) => `x${i}`);
    const result = await new Evaluator({
      task: async (input: string, { signal }) => {
        if (input === 'stuck') await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        // A turn of the event loop between the others' holds, as a real task's await gives.
        else await new Promise((resolve) => setImmediate(resolve));
        return input;
      },
      dataset: ['stuck', ...others].map((input) => ({ id: input, input })),
      metrics: [busy],
      config: { storeRuns: false, maxConcurrency: 2, timeoutMs: 300 },
    }).run();
    const stuck = result.items.find((item) => item.id === 'stuck')!;
    expect(stuck.error).toBe('Task timed out after 300 ms');
    // Its slot is freed early: most of the other items finish after it (at 100 ms each, one at a time before).
    const finishedAfter = result.items.filter((item) => item.id !== 'stuck' && item.completedAt > stuck.completedAt).length;
    expect(finishedAfter).toBeGreaterThan(others.length / 2);
  });

  it('still times out a task that takes too long on its own, while another item holds the thread', async () => {
    const slow: EvaluatorMetric = { name: 'slow', fn: (output) => (output === 'hostile' ? (holdThread(300), 1) : 1) };
    const result = await new Evaluator({
      task: async (input: string, { signal }) => {
        if (input === 'stuck') {
          await new Promise((resolve) => {
            const timer = setTimeout(resolve, 5_000);
            signal.addEventListener('abort', () => (clearTimeout(timer), resolve(undefined)), { once: true });
          });
        }
        return input;
      },
      dataset: ['stuck', 'hostile'].map((input) => ({ id: input, input })),
      metrics: [slow],
      config: { storeRuns: false, maxConcurrency: 2, timeoutMs: 600 },
    }).run();
    const stuck = result.items.find((item) => item.id === 'stuck')!;
    expect(stuck.success).toBe(false);
    expect(stuck.error).toContain('timed out after 600 ms');
    // Its own 600 ms, plus at most the hold it was not charged for.
    expect(stuck.responseTime).toBeGreaterThanOrEqual(0.59);
  });
});
