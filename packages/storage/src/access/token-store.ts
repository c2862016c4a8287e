import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ApiToken } from '@llm-eval/models';
import { InvalidTokenOptionError, TokenAlreadyRevokedError, TokenNotFoundError } from '../errors';
import { inTransaction } from '../repositories/transaction';
import type { ApiTokenInfo, AuditContext, AuthenticationResult, CreatedToken, CreateTokenOptions } from './access-records';
import type { AuditLog } from './audit-log';
import { parseTokenOptions } from './token-options';
import { tokenState } from './token-state';
import { generateSecret, hashSecret, isPrefixShaped, isSecretShaped, prefixOf, safeReference, sameHash } from './token-secret';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** last_used_at is written at most this often per token, so authenticating is a read almost always. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** A token row as it may be shown: no secret, no hash. */
function infoOf(row: ApiToken): ApiTokenInfo {
  const projects = JSON.parse(row.projects) as string[];
  return {
    id: row.id,
    name: row.name,
    prefix: row.secretPrefix,
    role: row.role,
    projects: projects.length === 1 && projects[0] === '*' ? '*' : projects,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  };
}

/** Who an audit entry names when the caller gave no AuditContext. */
function actorOf(audit: AuditContext | undefined, fallback: string | null): string {
  return audit?.actor || fallback || 'unknown';
}

/**
 * API tokens: created with a random secret shown once (only its sha256 is stored), authenticated by that hash,
 * listed without secrets, revoked. Creating and revoking are audited in the same transaction.
 */
export class TokenStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** Creates a token; the returned secret is the only copy. */
  async create(options: CreateTokenOptions, audit?: AuditContext): Promise<CreatedToken> {
    const now = new Date();
    const o = parseTokenOptions(options, now);
    const secret = generateSecret();
    const row: ApiToken = {
      id: randomUUID(),
      name: o.name,
      secretHash: hashSecret(secret),
      secretPrefix: prefixOf(secret),
      role: o.role,
      projects: JSON.stringify(o.projects === '*' ? ['*'] : o.projects),
      createdBy: o.createdBy,
      createdAt: now,
      expiresAt: o.expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    };
    await inTransaction(this.dataSource, async (manager) => {
      await manager.insert(ApiToken, row);
      await this.audit.append(
        {
          actor: actorOf(audit, o.createdBy),
          action: 'token.created',
          targetType: 'token',
          targetId: row.id,
          correlationId: audit?.correlationId,
          details: { name: o.name, prefix: row.secretPrefix, role: o.role, projects: o.projects, expiresAt: o.expiresAt?.toISOString() ?? null },
        },
        manager,
      );
    });
    return { token: infoOf(row), secret };
  }

  /**
   * Checks a secret: its form first (no query for a malformed one), then the token with its hash (compared in
   * constant time), then revocation and expiry. On success records the time of use, at most once a minute per token.
   */
  async authenticate(secret: string, now = new Date()): Promise<AuthenticationResult> {
    if (!isSecretShaped(secret)) return { ok: false, reason: 'malformed' };
    const hash = hashSecret(secret);
    const row = await this.dataSource.getRepository(ApiToken).findOne({ where: { secretHash: hash } });
    if (!row || !sameHash(row.secretHash, hash)) return { ok: false, reason: 'unknown' };
    const state = tokenState(row, now.getTime());
    if (state !== 'active') return { ok: false, reason: state };
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS + 1);
      await inTransaction(this.dataSource, (manager) =>
        manager
          .createQueryBuilder()
          .update(ApiToken)
          .set({ lastUsedAt: now })
          .where({ id: row.id })
          .andWhere('("last_used_at" IS NULL OR "last_used_at" < :staleBefore)', { staleBefore })
          .execute(),
      );
      row.lastUsedAt = now;
    }
    return { ok: true, token: infoOf(row) };
  }

  /** Every token, newest first, without secrets or hashes. */
  async list(): Promise<ApiTokenInfo[]> {
    const rows = await this.dataSource.getRepository(ApiToken).find({ order: { createdAt: 'DESC', id: 'DESC' } });
    return rows.map(infoOf);
  }

  /** The token with this id, or null. */
  async get(id: string): Promise<ApiTokenInfo | null> {
    if (typeof id !== 'string' || !UUID.test(id)) return null;
    const row = await this.dataSource.getRepository(ApiToken).findOne({ where: { id: id.toLowerCase() } });
    return row ? infoOf(row) : null;
  }

  /**
   * Revokes a token named by its id, its displayed prefix, or its secret. Throws TokenNotFoundError when none
   * matches, TokenAlreadyRevokedError when it was revoked before. Audited in the same transaction.
   */
  async revoke(idOrPrefix: string, audit?: AuditContext): Promise<ApiTokenInfo> {
    return inTransaction(this.dataSource, async (manager) => {
      const row = await this.find(manager, idOrPrefix);
      if (row.revokedAt) throw new TokenAlreadyRevokedError(row.id, row.revokedAt);
      const now = new Date();
      const result = await manager
        .createQueryBuilder()
        .update(ApiToken)
        .set({ revokedAt: now })
        .where({ id: row.id })
        .andWhere('"revoked_at" IS NULL')
        .execute();
      if (!result.affected) throw new TokenAlreadyRevokedError(row.id, now);
      row.revokedAt = now;
      await this.audit.append(
        {
          actor: actorOf(audit, null),
          action: 'token.revoked',
          targetType: 'token',
          targetId: row.id,
          correlationId: audit?.correlationId,
          details: { name: row.name, prefix: row.secretPrefix },
        },
        manager,
      );
      return infoOf(row);
    });
  }

  private async find(manager: EntityManager, reference: string): Promise<ApiToken> {
    const repo = manager.getRepository(ApiToken);
    let rows: ApiToken[] = [];
    if (typeof reference === 'string' && UUID.test(reference)) {
      rows = await repo.find({ where: { id: reference.toLowerCase() } });
    } else if (typeof reference === 'string' && isPrefixShaped(reference)) {
      rows = await repo.find({ where: { secretPrefix: reference } });
      if (rows.length > 1) {
        throw new InvalidTokenOptionError(`${rows.length} tokens share the prefix ${reference}; revoke by id instead.`, 'idOrPrefix');
      }
    } else if (isSecretShaped(reference)) {
      const hash = hashSecret(reference);
      rows = (await repo.find({ where: { secretHash: hash } })).filter((r) => sameHash(r.secretHash, hash));
    }
    if (rows.length === 0) throw new TokenNotFoundError(safeReference(reference));
    return rows[0]!;
  }
}
