import type { Database, RunWithMetrics } from '@llm-eval/storage';
import { ApiError } from '../errors';

/** The final state a client asks for. */
export interface FinishRequest {
  status?: 'completed' | 'failed' | 'cancelled';
  statusReason?: string | null;
}

/**
 * Finishes a running run: its final status, completion time and duration, with its per-metric statistics and totals
 * computed from every stored item, in one guarded transaction under the run's lock (storage's finalizeRun): appends
 * are refused from that moment, so the statistics cover the final set of items, and of several racing finishes and
 * cancels exactly one settles the run.
 *
 * Finishing again with the same status is idempotent — a client whose response got lost may retry: the answer is
 * 200 with the run. A different final status is a 409: a run ends once. A run cancelled meanwhile stays cancelled (its
 * statistics are stored by the finish), and a finish asking for another status is then a 409 too.
 */
export async function finishRun(db: Database, runId: string, request: FinishRequest): Promise<RunWithMetrics> {
  const status = request.status ?? 'completed';
  const run = await db.runs.requireRun(runId);
  const open = run.status === 'running' || run.status === 'abandoned' || (run.status === 'cancelled' && run.completedAt === null);
  if (open) {
    const completedAt = new Date();
    const started = run.startedAt ?? run.createdAt;
    await db.runs.finalizeRun(runId, {
      status,
      ...(request.statusReason != null ? { statusReason: request.statusReason } : {}),
      completedAt,
      durationSeconds: Math.max(0, (completedAt.getTime() - started.getTime()) / 1000),
    });
  }
  // Whoever settled it (this finish, or a finish or cancel that won the race), the stored state answers.
  const settled = await db.runs.requireRun(runId);
  if (settled.status !== status) {
    throw new ApiError(
      409,
      'conflict',
      `Run ${runId} already finished as ${settled.status}; it cannot be finished again as ${status}. A run ends once: send the same status to retry a finish.`,
      { run: runId, status: settled.status },
    );
  }
  return settled;
}
