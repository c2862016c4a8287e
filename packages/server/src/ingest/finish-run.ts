import type { Database, RunWithMetrics } from '@llm-eval/storage';
import { ApiError } from '../errors';

/** The final state a client asks for. */
export interface FinishRequest {
  status?: 'completed' | 'failed' | 'cancelled';
  statusReason?: string | null;
}

/**
 * Finishes a running run: its final status, completion time and duration, then its per-metric statistics and totals
 * computed from every stored item (as the evaluator's recorder does when a run ends).
 *
 * The status is written first, then the statistics: from the moment the status is stored, appends are refused under
 * the run's lock (addItems' onlyWhileRunning), so the statistics are computed over the final set of items. (The other
 * order would let a batch slip in between the statistics and the status, uncounted.)
 *
 * Finishing again with the same status is idempotent — a client whose response got lost may retry: the answer is
 * 200 with the run, and its statistics are computed again from the stored items (the same figures; it also repairs a
 * finish whose statistics step failed). A different final status is a 409: a run ends once.
 */
export async function finishRun(db: Database, runId: string, request: FinishRequest): Promise<RunWithMetrics> {
  const status = request.status ?? 'completed';
  const run = await db.runs.requireRun(runId);
  const open = run.status === 'running' || run.status === 'abandoned';
  if (!open && run.status !== status) {
    throw new ApiError(
      409,
      'conflict',
      `Run ${runId} already finished as ${run.status}; it cannot be finished again as ${status}. A run ends once: send the same status to retry a finish.`,
      { run: runId, status: run.status },
    );
  }
  if (open) {
    const completedAt = new Date();
    const started = run.startedAt ?? run.createdAt;
    await db.runs.updateRun(runId, {
      status,
      statusReason: request.statusReason ?? null,
      completedAt,
      durationSeconds: Math.max(0, (completedAt.getTime() - started.getTime()) / 1000),
    });
  }
  await db.runs.computeRunMetrics(runId);
  return db.runs.requireRun(runId);
}
