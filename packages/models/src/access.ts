/** Roles an API token can carry, least to most privileged. */
export const TOKEN_ROLES = ['viewer', 'editor', 'admin'] as const;
/** An API token's role: viewers read, editors also write runs, admins also manage tokens, retention and the audit log. */
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Everything the audit log records. */
export const AUDIT_ACTIONS = [
  'run.created',
  'run.imported',
  'run.deleted',
  'run.pruned',
  'run.cancelled',
  'run.updated',
  'token.created',
  'token.revoked',
  'retention.set',
  'retention.cleared',
  'auth.failed',
  'audit.pruned',
] as const;
/** One kind of audited action. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** How an audited action ended. */
export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
/** An audited action's outcome. */
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
