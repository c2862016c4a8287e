import { withDatabase } from '../database';
import type { GlobalOptions } from '../global-options';
import { note } from '../output/print';
import { cliActor } from './cli-actor';

/**
 * Appends the `run.created` entry of a run `llm-eval evaluate` created. The evaluator (and the queue's submitRun)
 * create the run in their own transaction and take no audit context, so the entry follows the run as soon as its
 * id is known. A failure to append is a warning: the evaluation itself is not undone for it.
 */
export async function auditRunCreated(options: GlobalOptions, runId: string, details: Record<string, unknown> = {}): Promise<void> {
  try {
    await withDatabase(options, async (db) => {
      const run = await db.runs.getRun(runId);
      await db.audit.append({
        actor: cliActor(),
        action: 'run.created',
        targetType: 'run',
        targetId: runId,
        projectId: run?.projectId ?? null,
        details: { name: run?.name ?? null, ...details },
      });
    });
  } catch (error) {
    note(`llm-eval: warning: the audit entry of run ${runId} could not be written: ${(error as Error)?.message ?? String(error)}`);
  }
}
