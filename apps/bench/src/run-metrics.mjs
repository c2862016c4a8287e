// computeRunMetrics on one large run.
import { timeRepeated } from './measure.mjs';

/** Times computeRunMetrics(runId) after one warm-up; checks it saw `expectedItems` items. */
export async function benchComputeRunMetrics(runs, runId, { expectedItems, repetitions }) {
  const timing = await timeRepeated(() => runs.computeRunMetrics(runId), { repetitions, warmup: 1 });
  const run = await runs.getRun(runId);
  if (run.totalItems !== expectedItems) {
    throw new Error(`computeRunMetrics saw ${run.totalItems} items, expected ${expectedItems}`);
  }
  const { last, ...rest } = timing;
  return { items: expectedItems, metrics: last.map((m) => m.metricName), ...rest };
}
