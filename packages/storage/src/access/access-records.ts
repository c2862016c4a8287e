import type { AuditAction, AuditOutcome, RunStatus, TokenRole } from '@llm-eval/models';

/** Who is acting, for the audit entry of a change: a token's subject, a proxy-asserted user, an OS user. */
export interface AuditContext {
  actor: string;
  /** The request's correlation id, stored with the entry. */
  correlationId?: string;
}

/** An API token as it may be shown: never its secret nor the secret's hash. */
export interface ApiTokenInfo {
  id: string;
  name: string;
  /** The secret's first 12 characters (`lle_` and 8 more), to tell tokens apart. */
  prefix: string;
  role: TokenRole;
  /** `'*'` for every project, else the project ids the token may reach. */
  projects: '*' | string[];
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Options of TokenStore.create. */
export interface CreateTokenOptions {
  /** A label of 1..100 characters (no control characters). */
  name: string;
  /** `'*'` (or `['*']`) for every project, else a non-empty list of project ids. */
  projects: string[] | '*';
  role: TokenRole;
  /** When the token stops working; must lie in the future. Null or absent: never. */
  expiresAt?: Date | null;
  createdBy?: string | null;
}

/** A new token: the secret is returned here once and stored nowhere. */
export interface CreatedToken {
  token: ApiTokenInfo;
  secret: string;
}

/** Why a secret did not authenticate. */
export type AuthenticationFailure = 'malformed' | 'unknown' | 'revoked' | 'expired';

/** The result of TokenStore.authenticate. */
export type AuthenticationResult = { ok: true; token: ApiTokenInfo } | { ok: false; reason: AuthenticationFailure };

/** One audit entry to append. Text longer than its column is cut (marked with "…"), never refused. */
export interface AuditEntryInput {
  actor: string;
  action: AuditAction;
  /** What was acted on: `run`, `token`, `project`, `audit`. */
  targetType?: string | null;
  targetId?: string | null;
  projectId?: string | null;
  correlationId?: string | null;
  /** Default `success`. */
  outcome?: AuditOutcome;
  /** JSON-able details (never secrets). */
  details?: Record<string, unknown> | null;
}

/** One stored audit entry. */
export interface AuditEntryRecord {
  id: number;
  at: Date;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  projectId: string | null;
  correlationId: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown> | null;
}

/** Filters and paging of AuditLog.list. */
export interface AuditListOptions {
  /** Entries at or after this time. */
  since?: Date;
  /** Entries before this time. */
  until?: Date;
  /** Only this actor; `token:<name>` also matches every token of that name (`token:<name>#<id>`). */
  actor?: string;
  action?: AuditAction;
  /** `'*'` (default) for every entry; else only entries of these projects (entries without a project are left out). */
  projectIds?: string[] | '*';
  /** Entries per page, 1..1000 (default 100). */
  limit?: number;
  /** The nextCursor of the previous page. */
  cursor?: string;
}

/** A page of audit entries, newest first. */
export interface AuditPage {
  entries: AuditEntryRecord[];
  nextCursor: string | null;
}

/** Options of AuditLog.prune. */
export interface AuditPruneOptions {
  /** Entries older than this are deleted. */
  before: Date;
  actor: string;
  correlationId?: string;
}

/** The statuses a retention policy may delete: finished ones only. */
export type FinishedRunStatus = Exclude<RunStatus, 'running'>;

/** What RetentionPolicies.set takes. */
export interface RetentionPolicyInput {
  /** Runs created more than this many days ago are deleted (a whole number, 1..36500). */
  maxAgeDays: number;
  /** The finished statuses deleted; null or absent: every finished status. */
  statuses?: FinishedRunStatus[] | null;
}

/** A stored retention policy. */
export interface RetentionPolicyRecord {
  projectId: string;
  maxAgeDays: number;
  /** Null: every finished status. */
  statuses: FinishedRunStatus[] | null;
  updatedAt: Date;
  updatedBy: string;
}

/** Options of RetentionPolicies.apply. */
export interface ApplyRetentionOptions {
  audit: AuditContext;
  /** The time ages are measured from (default: now). */
  now?: Date;
  /** Only report what would be deleted. */
  dryRun?: boolean;
}

/** One run a retention policy deleted (or, in a dry run, would delete). */
export interface PrunedRun {
  runId: string;
  projectId: string;
  name: string;
  createdAt: Date;
  status: FinishedRunStatus;
}

/** The result of RetentionPolicies.apply. */
export interface ApplyRetentionResult {
  deleted: PrunedRun[];
}
