import type { FastifyBaseLogger } from 'fastify';
import type { RetentionPolicies } from '@llm-eval/storage';

/** The actor of the audit rows of scheduled retention. */
export const RETENTION_ACTOR = 'server:retention';

/** A running schedule. */
export interface RetentionSchedule {
  stop(): void;
}

/**
 * Applies the projects' retention policies every `intervalMs` (each deletion audited by storage as RETENTION_ACTOR).
 * The timer is unref'd (it never keeps the process alive) and a round never overlaps the previous one; a failed
 * round is logged and the next one tries again.
 */
export function scheduleRetention(retention: Pick<RetentionPolicies, 'apply'>, intervalMs: number, log: FastifyBaseLogger): RetentionSchedule {
  let running = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    retention
      .apply({ audit: { actor: RETENTION_ACTOR } })
      .then((result) => {
        if (result.deleted.length) log.info({ deleted: result.deleted.length }, 'retention policies deleted runs');
      })
      .catch((error: unknown) => log.error({ err: error }, 'applying the retention policies failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
