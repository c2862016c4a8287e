// The benchmark's task: waits 100 ms (a stand-in for a model call) and answers with its input. Every start is
// recorded in this process, so the bench can measure the rate the workers achieved under --rps.

/** Start times (Date.now()) of this process's task calls since the last `takeStarts()`. */
const starts = (globalThis.__llmEvalBenchStarts ??= []);

/** How long one call waits (ms). */
export const TASK_MS = 100;

/** Waits TASK_MS, then returns the input; aborts with the item's signal. */
export async function task(input, context) {
  starts.push(Date.now());
  await new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, TASK_MS);
    context?.signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(context.signal.reason);
    }, { once: true });
  });
  return input;
}

/** Returns and forgets the recorded start times. */
export function takeStarts() {
  return starts.splice(0, starts.length);
}
