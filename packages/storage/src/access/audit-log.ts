import type { DataSource, EntityManager } from 'typeorm';
import { AUDIT_ACTIONS, AuditEntry } from '@llm-eval/models';
import { InvalidAuditEntryError, InvalidCursorError } from '../errors';
import { decodeCursor, encodeCursor } from '../repositories/cursor';
import { projectIdSchema } from '../repositories/run-input.schema';
import { encodeText } from '../repositories/stored-text';
import { inTransaction } from '../repositories/transaction';
import type { AuditEntryInput, AuditEntryRecord, AuditListOptions, AuditPage, AuditPruneOptions } from './access-records';
import { auditRecordOf, auditRowOf, type AuditRow } from './audit-entry-row';
import { TOKEN_ID_LENGTH, tokenNamePrefix } from './token-actor';
import { isStorableDate, STORABLE_DATE_RULE } from '../repositories/stored-date';

const ORDER = 'audit:at:desc';
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

const isValidDate = (d: unknown): d is Date => d instanceof Date && isStorableDate(d);

async function insertRow(manager: EntityManager, row: AuditRow): Promise<AuditEntryRecord> {
  const result = await manager.insert(AuditEntry, row as AuditEntry);
  const id = Number(result.identifiers[0]?.id ?? (result.raw as { insertId?: unknown })?.insertId);
  return auditRecordOf({ ...row, id } as AuditEntry);
}

function checkDate(value: unknown, field: string): Date | undefined {
  if (value === undefined) return undefined;
  if (!isValidDate(value)) throw new InvalidAuditEntryError(`Audit option "${field}" ${STORABLE_DATE_RULE}.`, field);
  return value;
}

/**
 * The append-only audit log: who did what, to what, when, and how it ended. The database refuses updates and deletes
 * of its rows (triggers); only prune deletes, inside its own transaction, and audits itself.
 */
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends one entry; with `manager`, inside the caller's transaction (so the entry exists exactly when the change it
   * records commits). Returns the stored entry.
   */
  async append(entry: AuditEntryInput, manager?: EntityManager): Promise<AuditEntryRecord> {
    const row = auditRowOf(entry, new Date());
    if (manager) return insertRow(manager, row);
    return inTransaction(this.dataSource, (m) => insertRow(m, row));
  }

  /** Entries matching every filter, newest first, one page at a time (keyset cursor). */
  async list(options: AuditListOptions = {}): Promise<AuditPage> {
    const since = checkDate(options.since, 'since');
    const until = checkDate(options.until, 'until');
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidAuditEntryError(`Audit option "limit" must be a whole number from 1 to ${MAX_LIMIT}.`, 'limit');
    }
    if (options.action !== undefined && !(AUDIT_ACTIONS as readonly string[]).includes(options.action)) {
      throw new InvalidAuditEntryError(`Audit option "action" must be one of: ${AUDIT_ACTIONS.join(', ')}.`, 'action');
    }
    if (options.actor !== undefined && (typeof options.actor !== 'string' || options.actor.length === 0)) {
      throw new InvalidAuditEntryError('Audit option "actor" must be a non-empty string.', 'actor');
    }
    const projectIds = options.projectIds ?? '*';
    if (projectIds !== '*') {
      if (!Array.isArray(projectIds) || projectIds.some((p) => !projectIdSchema.safeParse(p).success)) {
        throw new InvalidAuditEntryError('Audit option "projectIds" must be "*" or a list of project ids.', 'projectIds');
      }
      if (projectIds.length === 0) return { entries: [], nextCursor: null };
    }
    const position = options.cursor === undefined ? undefined : decodeAuditCursor(options.cursor);

    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('e');
    if (since) qb.andWhere('e.at >= :since', { since });
    if (until) qb.andWhere('e.at < :until', { until });
    if (options.actor !== undefined) {
      const namePrefix = tokenNamePrefix(options.actor);
      if (namePrefix === null) {
        qb.andWhere('e.actor = :actor', { actor: encodeText(options.actor) });
      } else {
        // Every token of the name (`token:<name>#<id>`), and its rows written before actors carried the id. Lengths
        // are counted in code points, as SQL's LENGTH and SUBSTR count characters.
        const prefix = encodeText(namePrefix);
        const prefixLength = [...prefix].length;
        qb.andWhere('(e.actor = :actor OR (LENGTH(e.actor) = :actorLength AND SUBSTR(e.actor, 1, :prefixLength) = :actorPrefix))', {
          actor: encodeText(options.actor),
          actorLength: prefixLength + TOKEN_ID_LENGTH,
          prefixLength,
          actorPrefix: prefix,
        });
      }
    }
    if (options.action !== undefined) qb.andWhere('e.action = :action', { action: options.action });
    if (projectIds !== '*') qb.andWhere('e.projectId IN (:...projectIds)', { projectIds: [...new Set(projectIds)] });
    if (position) {
      qb.andWhere('(e.at < :cursorAt OR (e.at = :cursorAt AND e.id < :cursorId))', { cursorAt: position.at, cursorId: position.id });
    }
    qb.orderBy('e.at', 'DESC').addOrderBy('e.id', 'DESC').limit(limit + 1);
    const rows = await qb.getMany();
    const hasMore = rows.length > limit;
    const page = (hasMore ? rows.slice(0, limit) : rows).map(auditRecordOf);
    const last = page[page.length - 1];
    return {
      entries: page,
      nextCursor: hasMore && last ? encodeCursor({ order: ORDER, value: last.at.toISOString(), id: last.id }) : null,
    };
  }

  /**
   * Deletes entries older than `before` and appends an `audit.pruned` entry saying so, in one transaction. The only
   * way rows leave the log: the database refuses deletes unless this transaction's guard row exists. Returns how many
   * entries were deleted.
   */
  async prune(options: AuditPruneOptions): Promise<number> {
    const before = checkDate(options?.before, 'before');
    if (!before) throw new InvalidAuditEntryError('Audit prune needs "before": entries older than this date are deleted.', 'before');
    const row = auditRowOf({ actor: options.actor, action: 'audit.pruned', targetType: 'audit', correlationId: options.correlationId }, new Date());
    return inTransaction(this.dataSource, async (manager) => {
      await manager.query(`INSERT INTO "audit_prune_guard" ("id") VALUES (1)`);
      const result = await manager.createQueryBuilder().delete().from(AuditEntry).where('"at" < :before', { before }).execute();
      await manager.query(`DELETE FROM "audit_prune_guard"`);
      const deleted = Number(result.affected ?? 0);
      await insertRow(manager, { ...row, details: JSON.stringify({ before: before.toISOString(), deleted }) });
      return deleted;
    });
  }
}

function decodeAuditCursor(cursor: string): { at: Date; id: number } {
  if (typeof cursor !== 'string') throw new InvalidCursorError('The cursor is not one this tool produced; pass the nextCursor of a previous page.');
  const position = decodeCursor(cursor, ORDER);
  const at = typeof position.value === 'string' ? new Date(position.value) : undefined;
  if (!at || Number.isNaN(at.getTime()) || typeof position.id !== 'number' || !Number.isSafeInteger(position.id)) {
    throw new InvalidCursorError('The cursor is not one this tool produced; pass the nextCursor of a previous page.');
  }
  return { at, id: position.id };
}
