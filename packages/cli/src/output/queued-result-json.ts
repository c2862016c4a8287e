import type { RunWithMetrics } from '@llm-eval/storage';
import { durationKnown } from '../run-durations';
import { runJson } from './run-json';
import type { FailureTally } from './failure-tally';
import { FAILURES_IN_JSON } from './result-summary';
import type { RunDetails } from './run-details';

/** One metric's statistics as the local `evaluate --json` gives them (the evaluator's MetricStats), from a stored run. */
function metricStats(run: RunWithMetrics) {
  return Object.fromEntries(
    run.metrics.map((m) => {
      const count = m.successfulEvaluations;
      const errors = m.failedEvaluations;
      const stats = { mean: m.mean, std: m.stdDev, min: m.min, max: m.max, median: m.median, percentiles: m.percentiles, count, errors };
      return [m.metricName, { ...stats, successRate: count + errors === 0 ? 0 : count / (count + errors) }];
    }),
  );
}

/**
 * `evaluate --queue --json`: the local `evaluate --json` document, field for field, read back from the database once
 * the workers are done — so a CI gate (`.successRate`, `.failedItems == 0`, `.status`) means the same with and without
 * --queue — followed by what only a stored run has: the run as `runs show --json` prints it, its slowest items, the
 * first failed items and how many failed items `failures` counted. The stored run keeps no response-time median, p95
 * or sum: those `timing` fields are null.
 */
export function queuedResultJson(details: RunDetails, stored: { storedItems: number; tally: FailureTally }, valuesCut: number) {
  const { run } = details;
  return {
    runId: run.id,
    runName: run.name,
    status: run.status,
    totalItems: run.totalItems,
    storedItems: stored.storedItems,
    failedItems: run.failedItems,
    /** The most frequent errors of the failed items (up to 10, most frequent first; messages on one line, cut to 500). */
    failures: stored.tally.top(FAILURES_IN_JSON),
    successRate: run.successRate,
    durationSeconds: durationKnown(run) ? run.durationSeconds : null,
    metricStats: metricStats(run),
    timing: { mean: run.avgResponseTime, median: null, min: run.minResponseTime, max: run.maxResponseTime, p95: null, totalSeconds: null },
    storageError: null,
    storageFailure: null,
    closedElsewhere: null,
    /** Each metric's most frequent error messages (up to 10 per metric, most frequent first; exact, cut to 500). */
    metricErrors: details.metricErrors,
    /** Values the workers recorded cut (longer than --max-value-chars), counted in Redis; 0 when none was. */
    valuesCut,
    run: runJson(run),
    slowestItems: details.slowestItems,
    firstFailedItems: details.failedItems,
    failedTotal: details.failedTotal,
    /** Failed items whose errors `failures` counts: all of them, or the first 10,000 of a run with more. */
    failuresCounted: stored.tally.failed,
  };
}
