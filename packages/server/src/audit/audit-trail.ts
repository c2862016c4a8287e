import type { AuditContext } from '@llm-eval/storage';
import type { FastifyRequest } from 'fastify';

/** Who did something, as RunRepository's write methods take it: their audit row is written in the same transaction. */
export type { AuditContext };

/** The audit context of a request: its principal's subject, correlated by the request id. */
export function auditContext(request: FastifyRequest): AuditContext {
  return { actor: request.principal.subject, correlationId: String(request.id) };
}
