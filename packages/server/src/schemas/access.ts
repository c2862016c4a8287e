import { z } from 'zod';
import { FINISHED_RUN_STATUSES, TOKEN_STATES, tokenState, type ApiTokenInfo, type AuditEntryRecord, type RetentionPolicyRecord } from '@llm-eval/storage';
import { cursorParam, pageSizeParam } from './common';
import { projectIdParam } from './run-list';
import { isoTimeString } from './iso-time';
import { wholeNumber } from './whole-number';

// Schemas of the admin routes: API tokens, the audit log and per-project retention policies.

const ROLE = z.enum(['viewer', 'editor', 'admin']);
const projectsSchema = z
  .union([z.literal('*'), z.array(projectIdParam).min(1).max(1000)])
  .describe("'*' for every project (and runs without one), else the project ids");

/** An API token as the API shows it: never its secret. */
export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe('the first 12 characters of its secret, to tell tokens apart'),
    role: ROLE,
    projects: z.union([z.literal('*'), z.array(z.string())]),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable().describe('to the minute'),
    state: z.enum(TOKEN_STATES).describe('whether it works now: active, expired or revoked (revoked beats expired), as `llm-eval tokens list --json` says'),
  })
  .meta({ id: 'ApiToken' });

export type TokenJson = z.infer<typeof tokenSchema>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A stored token as JSON, with its state now. */
export function tokenJson(t: ApiTokenInfo): TokenJson {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    role: t.role,
    projects: t.projects === '*' ? '*' : [...t.projects],
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    expiresAt: iso(t.expiresAt),
    revokedAt: iso(t.revokedAt),
    lastUsedAt: iso(t.lastUsedAt),
    state: tokenState(t),
  };
}

/** GET /tokens. */
export const tokenListSchema = z.object({ tokens: z.array(tokenSchema) }).meta({ id: 'ApiTokenList' });

/** Body of POST /tokens. */
export const createTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100).describe('a label, e.g. ci or alice-laptop'),
    role: ROLE.describe('viewer reads; editor also writes runs; admin also manages tokens, retention and the audit log'),
    projects: projectsSchema,
    expiresAt: isoTimeString
      .nullable()
      .optional()
      .describe('when the token stops working (an ISO 8601 date or time in the future; without an offset: UTC); absent or null: never'),
  })
  .strict()
  .meta({ id: 'TokenCreate' });

/** 201 of POST /tokens: the secret, shown this once. */
export const createdTokenSchema = z
  .object({
    token: tokenSchema,
    secret: z.string().describe('the token to send as "Authorization: Bearer <secret>"; shown only in this response'),
  })
  .meta({ id: 'TokenCreated' });

/** :id of DELETE /tokens/:id (the id, or the displayed prefix). */
export const tokenParams = z.object({ id: z.string().min(1).max(100).describe("the token's id, its displayed prefix, or its secret (never sent back: an answer quotes its prefix)") });

/** One audit entry. */
export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    projectId: z.string().nullable(),
    correlationId: z.string().nullable().describe('the x-request-id of the request that did it'),
    outcome: z.string(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEntry' });

/** An audit entry as JSON. */
export function auditEntryJson(e: AuditEntryRecord): z.infer<typeof auditEntrySchema> {
  return { ...e, at: e.at.toISOString() };
}

/** Query of GET /audit. */
export const auditQuery = z.object({
  since: isoTimeString.optional().describe('entries at or after this ISO 8601 date or time (without an offset: UTC)'),
  actor: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe('only this actor: token:<name>#<token id> (one token), token:<name> (every token of that name), a proxy user, local, server:retention, …'),
  action: z.string().min(1).max(64).optional().describe('only this action, e.g. run.deleted or auth.failed'),
  limit: pageSizeParam(100),
  cursor: cursorParam,
});

/** GET /audit. */
export const auditPageSchema = z
  .object({ entries: z.array(auditEntrySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AuditPage' });

/** :project of the retention routes. */
export const retentionParams = z.object({ project: projectIdParam });

/** A project's retention policy. */
export const retentionPolicySchema = z
  .object({
    projectId: z.string(),
    maxAgeDays: z.number().int(),
    statuses: z.array(z.string()).nullable().describe('the finished statuses it deletes; null: every finished status'),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: 'RetentionPolicy' });

/** A policy as JSON. */
export function retentionJson(p: RetentionPolicyRecord): z.infer<typeof retentionPolicySchema> {
  return { ...p, statuses: p.statuses ? [...p.statuses] : null, updatedAt: p.updatedAt.toISOString() };
}

/** GET and PUT /projects/:project/retention. */
export const retentionResponse = z.object({ policy: retentionPolicySchema.nullable() }).meta({ id: 'RetentionPolicyResponse' });

/** Body of PUT /projects/:project/retention. */
export const putRetentionBody = z
  .object({
    maxAgeDays: wholeNumber(1, 36_500, 'days').describe('finished runs created more than this many days ago are deleted'),
    statuses: z
      .array(z.enum(FINISHED_RUN_STATUSES as [string, ...string[]]))
      .min(1)
      .nullable()
      .optional()
      .describe('only runs of these finished statuses; absent or null: every finished status (running runs never)'),
  })
  .strict()
  .meta({ id: 'RetentionPolicyChange' });
