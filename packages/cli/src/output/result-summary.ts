import type { EvaluationResult } from '@llm-eval/evaluator';
import { seconds, shortId, successPercent } from './format';
import type { StorageFailure } from '../storage-failure';
import { oneLine, type FailureTally } from './failure-tally';
import { METRIC_ERRORS_IN_JSON, metricErrorLines } from './metric-error-lines';
import { print } from './print';
import { renderTable } from './table';
import { onSameDatabase } from '../same-database';

/** Distinct errors the summary names, at most (the --json document carries up to FAILURES_IN_JSON). */
const FAILURES_SHOWN = 3;
export const FAILURES_IN_JSON = 10;

/**
 * The summary printed after `evaluate` and by `demo`. `failures` (the failed items counted by their errors as they
 * finished) makes it say why items failed, which would otherwise show only in `runs show`. `inMemoryUrl`: the run was
 * stored in that in-memory database, gone when the command exits, so no `runs …` hint can work.
 */
export function printResultSummary(result: EvaluationResult, color: boolean, failures?: FailureTally, inMemoryUrl?: string): void {
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
    `${result.runName}: ${result.totalItems} items · success ${successPercent(result)} · ${seconds(result.durationSeconds)} · ` +
      `avg response ${seconds(timing.mean)} (p95 ${seconds(timing.p95)})`,
  );
  if (failures && failures.failed > 0) {
    const storedRun = result.runId && !result.storageError && inMemoryUrl === undefined ? result.runId : undefined;
    failureLines(failures, { total: result.totalItems, runId: storedRun }).forEach((line) => print(line));
  }
  // Why metrics errored: the errors column above counts them only.
  if (failures) metricErrorLines(failures.metricErrors.top(METRIC_ERRORS_IN_JSON), failures.metricErrors.errors()).forEach((line) => print(line));
  // After a storage failure the run is at best partly stored: evaluate reports what was and was not (storage-failure.ts).
  if (result.runId && !result.storageError) print(inMemoryUrl === undefined ? storedLine(result, result.runId) : inMemoryLine(result.runId, inMemoryUrl));
}

/** Where a run stored in memory went: nowhere that outlives this command. */
function inMemoryLine(runId: string, url: string): string {
  return `Stored as run ${runId} in ${url}, an in-memory database gone when this command exits; to keep runs, use a file URL such as sqlite:///./llm_eval_runs.db`;
}

/**
 * "All 8 items failed:" or "2 of 8 items failed:", the most frequent errors, and where to see every failed item.
 * `total`: the run's items; `failed`: its failed items when `failures` counted only some of them (the first ones read
 * back from the database), which the first line then says; `runId`: the stored run the hint lists them from.
 */
export function failureLines(failures: FailureTally, options: { total: number; failed?: number; runId?: string }): string[] {
  const { total, runId } = options;
  const failed = options.failed ?? failures.failed;
  const counted = failures.failed < failed ? ` (the errors of the first ${failures.failed})` : '';
  const lines = [failed === total ? `All ${total} items failed${counted}:` : `${failed} of ${total} items failed${counted}:`];
  for (const f of failures.top(FAILURES_SHOWN)) lines.push(`  ${f.count} × ${oneLine(`${f.type}: ${f.message}`, 160)}`);
  const others = failures.othersThan(FAILURES_SHOWN);
  if (others > 0) lines.push(`  ${others} more with other errors`);
  if (runId) lines.push(`See them: ${onSameDatabase(`runs items ${shortId(runId)} "failed items"`)}`);
  return lines;
}

/**
 * Where the run is stored. A run another process cancelled or settled holds only the items stored before that, so the
 * line says how many of those evaluated; it never reads as if the run were stored whole.
 */
function storedLine(result: EvaluationResult, runId: string): string {
  const show = onSameDatabase(`runs show ${shortId(runId)}`);
  if (result.closedElsewhere) {
    const status = (result.closedElsewhere as { status?: string }).status;
    const stored = `${result.storedItems ?? 0} of ${result.totalItems} items stored as run ${runId}`;
    const by = status === 'cancelled' ? 'Cancelled by another process' : `Settled as ${status ?? 'closed'} by another process`;
    return `${by}: ${stored} — ${show}`;
  }
  if (result.status !== 'completed') return `Stored as ${result.status} run ${runId} (${result.storedItems ?? 0} items) — ${show}`;
  return `Stored as run ${runId} — ${show}`;
}

/**
 * A JSON summary of a result, for --json. `storageFailure` (null when storing worked or was off) says what reached
 * the database and where the complete result was written instead.
 */
export function resultJson(result: EvaluationResult, storageFailure: StorageFailure | null = null, failures?: FailureTally) {
  return {
    runId: result.runId ?? null,
    runName: result.runName,
    status: result.status,
    totalItems: result.totalItems,
    /** Items the database holds for the run (null with --no-store): fewer than totalItems when another process closed it. */
    storedItems: result.storedItems ?? null,
    failedItems: result.failedItems,
    /** The most frequent errors of the failed items (up to 10, most frequent first; messages on one line, cut to 500). */
    failures: failures ? failures.top(FAILURES_IN_JSON) : [],
    successRate: result.successRate,
    durationSeconds: result.durationSeconds,
    metricStats: result.metricStats,
    timing: result.timing,
    storageError: result.storageError?.message ?? null,
    storageFailure,
    /** Set when another process cancelled or settled the stored run, which stopped the evaluation. */
    closedElsewhere: result.closedElsewhere ? { status: (result.closedElsewhere as { status?: string }).status ?? null, message: result.closedElsewhere.message } : null,
    /** Each metric's most frequent error messages (up to 10 per metric, most frequent first; exact, cut to 500). */
    metricErrors: failures ? failures.metricErrors.top(METRIC_ERRORS_IN_JSON) : {},
  };
}
