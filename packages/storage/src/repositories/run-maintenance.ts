import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { EvaluationItem, EvaluationRun } from '@llm-eval/models';
import { RunNotFoundError, ValidationError } from '../errors';
import { RUN_STATES, type RunState } from './run-liveness';
import { applyRunFilters } from './run-query';
import type { LivenessSnapshot } from './run-state-filter';
import { projectIdSchema, validate } from './run-input.schema';
import type { SqlDialect } from './sql-dialect';
import { inTransaction } from './transaction';
import { noteRunsDeleted } from './run-changes';
import { decodeText } from './stored-text';
import { storableDate } from './stored-date';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Ids per statement: far below both databases' bound-parameter limits.
const IDS_PER_STATEMENT = 500;

/**
 * Which runs `findRunsOlderThan` matches: created before `before`, optionally with a status (as readers see it:
 * `abandoned` is a running run whose writer is gone, `running` one whose writer is alive) and in a project.
 */
export interface OlderRunsFilter {
  before: Date;
  statuses?: RunState[];
  projectId?: string;
  /** Most ids to return (oldest first); `total`, `items`, `oldest` and `newest` always cover every match. */
  limit?: number;
}

/** What `findRunsOlderThan` matched. */
export interface OlderRunsMatch {
  /** Matching run ids, oldest first, at most `limit` of them. */
  ids: string[];
  /** Number of matching runs. */
  total: number;
  /** Number of stored items of the matching runs (counted rows, so unfinished runs count too). */
  items: number;
  oldest: Date | null;
  newest: Date | null;
}

const filterSchema = z
  .object({
    before: storableDate,
    statuses: z.array(z.enum(RUN_STATES)).min(1).optional(),
    projectId: projectIdSchema.optional(),
    limit: z.number().int().min(1).optional(),
  })
  .strict();

/** SQLite returns MIN/MAX of a datetime column as TypeORM's UTC text ("2026-11-01 12:00:00.000"); PostgreSQL a Date. */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
}

/**
 * Runs created before a date (optionally with given statuses, in one project): their count, stored items, the
 * oldest and newest creation time, and their ids oldest first. @internal
 */
export async function findOlderRuns(
  dataSource: DataSource,
  dialect: SqlDialect,
  filter: OlderRunsFilter,
  liveness: () => Promise<LivenessSnapshot>,
): Promise<OlderRunsMatch> {
  const f = validate(filterSchema, filter, 'findRunsOlderThan option');
  const snapshot = f.statuses ? await liveness() : undefined;
  const matching = () => {
    const qb = dataSource.getRepository(EvaluationRun).createQueryBuilder('r');
    applyRunFilters(qb, { createdBefore: f.before, status: f.statuses, projectId: f.projectId }, dialect, undefined, snapshot);
    return qb;
  };
  const summary = await matching()
    .select('COUNT(*)', 'total')
    .addSelect('MIN(r.createdAt)', 'oldest')
    .addSelect('MAX(r.createdAt)', 'newest')
    .getRawOne<{ total: string | number; oldest: unknown; newest: unknown }>();
  const total = Number(summary?.total ?? 0);
  if (total === 0) return { ids: [], total: 0, items: 0, oldest: null, newest: null };

  const runKeys = matching().select('r.runKey');
  const itemCount = await dataSource
    .createQueryBuilder()
    .select('COUNT(*)', 'n')
    .from(EvaluationItem, 'i')
    .where(`i.runKey IN (${runKeys.getQuery()})`)
    .setParameters(runKeys.getParameters())
    .getRawOne<{ n: string | number }>();

  const idQuery = matching().select('r.id', 'id').orderBy('r.createdAt', 'ASC').addOrderBy('r.id', 'ASC');
  if (f.limit !== undefined) idQuery.limit(f.limit);
  const rows = await idQuery.getRawMany<{ id: string }>();
  return {
    ids: rows.map((r) => r.id),
    total,
    items: Number(itemCount?.n ?? 0),
    oldest: toDate(summary?.oldest),
    newest: toDate(summary?.newest),
  };
}

/**
 * Deletes the rows of runs known to exist (their items, metrics, tags and comparisons cascade) inside the caller's
 * transaction, with their change signals: the delete path of deleteRuns and of retention policies. @internal
 */
export async function deleteRunRows(manager: EntityManager, dialect: SqlDialect, ids: readonly string[]): Promise<number> {
  await noteRunsDeleted(manager, dialect, [...ids]);
  let deleted = 0;
  for (const chunk of chunks(ids, IDS_PER_STATEMENT)) {
    const result = await manager.createQueryBuilder().delete().from(EvaluationRun).where('id IN (:...ids)', { ids: chunk }).execute();
    deleted += result.affected ?? chunk.length;
  }
  return deleted;
}

/** A deleted run as its audit entry names it. @internal */
export interface DeletedRunRef {
  id: string;
  name: string;
  projectId: string | null;
}

/**
 * Deletes runs (their items, metrics, tags and comparisons cascade) in one transaction. If any id does not exist,
 * throws RunNotFoundError for it and deletes nothing. `beforeCommit` runs in the same transaction with the deleted
 * runs (the audit entries). Returns how many runs were deleted. @internal
 */
export async function deleteRunsById(
  dataSource: DataSource,
  dialect: SqlDialect,
  ids: readonly string[],
  beforeCommit?: (manager: EntityManager, runs: DeletedRunRef[]) => Promise<void>,
): Promise<number> {
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
    throw new ValidationError('deleteRuns expects an array of run ids.', 'ids');
  }
  const unique = [...new Set(ids.map((id) => (dialect.kind === 'postgres' ? id.toLowerCase() : id)))];
  const malformed = unique.find((id) => !UUID.test(id));
  if (malformed !== undefined) throw new RunNotFoundError(malformed);
  if (unique.length === 0) return 0;
  const lock = dialect.kind === 'postgres' ? ' FOR UPDATE' : '';
  return inTransaction(dataSource, async (manager) => {
    // Check (and on PostgreSQL lock) every run first, so a missing one leaves all the others in place.
    const found: DeletedRunRef[] = [];
    for (const chunk of chunks(unique, IDS_PER_STATEMENT)) {
      const params = chunk.map((_, i) => dialect.param(i + 1)).join(', ');
      const rows: Array<{ id: string; name: string; project_id: string | null }> = await manager.query(
        `SELECT "id", "name", "project_id" FROM "evaluation_runs" WHERE "id" IN (${params})${lock}`,
        chunk,
      );
      const here = new Set(rows.map((r) => String(r.id)));
      const missing = chunk.find((id) => !here.has(id));
      if (missing !== undefined) throw new RunNotFoundError(missing);
      if (beforeCommit) for (const r of rows) found.push({ id: String(r.id), name: decodeText(String(r.name)), projectId: r.project_id });
    }
    const deleted = await deleteRunRows(manager, dialect, unique);
    if (beforeCommit) await beforeCommit(manager, found);
    return deleted;
  });
}
