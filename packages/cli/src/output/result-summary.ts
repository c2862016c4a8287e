import type { EvaluationResult } from '@llm-eval/evaluator';
import { percent, seconds, shortId } from './format';
import type { StorageFailure } from '../storage-failure';
import { print } from './print';
import { renderTable } from './table';

/** The summary printed after `evaluate` and by `demo`. */
export function printResultSummary(result: EvaluationResult, color: boolean): void {
  const stats = result.metricStats;
  print(
    renderTable(
      ['metric', 'mean', 'std', 'min', 'max', 'scored', 'errors'],
      result.metricNames.map((name) => {
        const s = stats[name]!;
        const f = (v: number | null) => (v === null ? '–' : v.toFixed(3));
        return [name, f(s.mean), f(s.std), f(s.min), f(s.max), String(s.count), String(s.errors)];
      }),
      { color },
    ),
  );
  const timing = result.timing;
  print(
    `${result.runName}: ${result.totalItems} items · success ${percent(result.successRate)} · ${seconds(result.durationSeconds)} · ` +
      `avg response ${seconds(timing.mean)} (p95 ${seconds(timing.p95)})`,
  );
  // After a storage failure the run is at best partly stored: evaluate reports what was and was not (storage-failure.ts).
  if (result.runId && !result.storageError) print(`Stored as run ${result.runId} — llm-eval runs show ${shortId(result.runId)}`);
}

/**
 * A JSON summary of a result, for --json. `storageFailure` (null when storing worked or was off) says what reached
 * the database and where the complete result was written instead.
 */
export function resultJson(result: EvaluationResult, storageFailure: StorageFailure | null = null) {
  return {
    runId: result.runId ?? null,
    runName: result.runName,
    status: result.status,
    totalItems: result.totalItems,
    successRate: result.successRate,
    durationSeconds: result.durationSeconds,
    metricStats: result.metricStats,
    timing: result.timing,
    storageError: result.storageError?.message ?? null,
    storageFailure,
    /** Set when another process cancelled or settled the stored run, which stopped the evaluation. */
    closedElsewhere: result.closedElsewhere ? { status: (result.closedElsewhere as { status?: string }).status ?? null, message: result.closedElsewhere.message } : null,
  };
}
