import type { EvaluationResult } from '@llm-eval/evaluator';
import { percent, seconds, shortId } from './format';
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
  if (result.runId) print(`Stored as run ${result.runId} — llm-eval runs show ${shortId(result.runId)}`);
  if (result.storageError) print(`Not stored: ${result.storageError.message}`);
}

/** A JSON summary of a result, for --json. */
export function resultJson(result: EvaluationResult) {
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
  };
}
