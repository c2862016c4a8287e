import type { EntityManager } from 'typeorm';
import { StorageError } from '../errors';
import type { SqlDialect } from './sql-dialect';
import { decodeText } from './stored-text';

/** Where an imported run came from. importRun keeps it in the run's config as `import`. */
export interface ImportOrigin {
  /** What wrote the export, e.g. `llm-eval` or `python-llm-eval`. */
  format: string;
  /** A hash of the run and items the export holds; equal data, equal hash. */
  contentHash: string;
  /** The id of the run the export was made from, when it names one (a UUID). */
  sourceRunId: string | null;
}

/** Options of importRun. */
export interface ImportRunOptions {
  /** Record where the run came from and refuse an export already imported (or the run it was exported from). */
  origin?: ImportOrigin;
  /** Store the run even when `origin` matches a stored run. */
  allowDuplicate?: boolean;
  /**
   * Only runs of these projects count as duplicates (default: every run). For a caller that sees only these
   * projects: a run elsewhere must neither refuse its import nor be named to it.
   */
  duplicateProjectIds?: readonly string[];
}

/**
 * An export that this database already holds: one with the same data was imported before, or it was exported
 * from a run that is stored here. Nothing was written.
 */
export class DuplicateImportError extends StorageError {
  constructor(
    readonly existingRunId: string,
    readonly existingRunName: string,
  ) {
    super(
      `This export is already in the database as run ${existingRunId} ("${Array.from(existingRunName).slice(0, 80).join('')}"); nothing was imported. ` +
        'To import it again as another run, pass allowDuplicate (llm-eval db migrate --allow-duplicate).',
    );
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The stored run an import would duplicate: a run imported with the same content hash, or a run imported from the
 * same source run or the source run itself when it holds at least the export's `itemCount` items; with `projectIds`,
 * only a run of those projects. Values are bound parameters; the JSON paths are fixed text. Call it
 * inside the import's transaction: on PostgreSQL it takes transaction locks on the content hash and the source run, so
 * concurrent imports of one export (or of two exports of one run) cannot both pass (SQLite's write transactions are serialised already).
 * @internal
 */
export async function findImportedRun(
  manager: EntityManager,
  dialect: SqlDialect,
  origin: ImportOrigin,
  itemCount: number,
  projectIds?: readonly string[],
): Promise<{ id: string; name: string } | null> {
  if (projectIds !== undefined && projectIds.length === 0) return null;
  const source = origin.sourceRunId && UUID.test(origin.sourceRunId) ? origin.sourceRunId.toLowerCase() : null;
  if (dialect.kind === 'postgres') {
    // Two imports of the same export at once, or of two exports of one run (taken before and after a rename): the
    // second waits here until the first commits, then finds it. Locks are taken in one order, so two imports never
    // wait for each other's second lock.
    const keys = [`llm-eval-import:${origin.contentHash}`, ...(source ? [`llm-eval-import-source:${source}`] : [])].sort();
    for (const key of keys) await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }
  const p = (n: number) => dialect.param(n);
  const field = (key: string) =>
    dialect.kind === 'postgres' ? `("config" -> 'import' ->> '${key}')` : `json_extract("config", '$.import.${key}')`;
  const conditions = [`${field('contentHash')} = ${p(1)}`];
  const params: unknown[] = [origin.contentHash];
  if (source) {
    const sameId = dialect.kind === 'postgres' ? `"id" = CAST(${p(3)} AS uuid)` : `"id" = ${p(3)}`;
    // A run that holds fewer items than the export (a run whose storage failed part-way) is not a copy of it: the
    // export is how its complete result gets in.
    conditions.push(`((${field('sourceRunId')} = ${p(2)} OR ${sameId}) AND "total_items" >= ${p(4)})`);
    params.push(source, source, itemCount);
  }
  let scope = '';
  if (projectIds !== undefined) {
    const first = params.length + 1;
    scope = ` AND "project_id" IN (${projectIds.map((_, i) => p(first + i)).join(', ')})`;
    params.push(...projectIds);
  }
  const rows: Array<{ id: string; name: string }> = await manager.query(
    `SELECT "id", "name" FROM "evaluation_runs" WHERE (${conditions.join(' OR ')})${scope} ORDER BY "created_at" LIMIT 1`,
    params,
  );
  // The name as it was given, not in its stored form (NUL and lone surrogates escaped).
  return rows[0] ? { id: rows[0].id, name: decodeText(rows[0].name) } : null;
}

/**
 * The run's config with the import origin added under `import`. A value the run's own config holds under `import` is
 * kept inside the origin as `userValue` (an export gives it back under `import`), never overwritten. @internal
 */
export function configWithOrigin(config: Record<string, unknown> | null | undefined, origin: ImportOrigin): Record<string, unknown> {
  const sourceRunId = origin.sourceRunId && UUID.test(origin.sourceRunId) ? origin.sourceRunId.toLowerCase() : null;
  const userValue = config && Object.hasOwn(config, 'import') ? { userValue: config.import } : {};
  return { ...(config ?? {}), import: { format: origin.format, contentHash: origin.contentHash, sourceRunId, ...userValue } };
}
