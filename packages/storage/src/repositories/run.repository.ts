import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { EvaluationItem, EvaluationRun, RunMetric, RunTag, type RunStatus } from '@llm-eval/models';
import { DuplicateItemError, ITEM_NOT_STORED, ItemsRejectedError, RunClosedError, RunNotFoundError, ValidationError, type RejectedItem } from '../errors';
import type {
  CreateRunInput,
  ItemInput,
  ItemPage,
  RunMetricRecord,
  RunPage,
  RunRecord,
  RunWithMetrics,
  UpdateRunInput,
} from './records';
import { createRunSchema, updateRunSchema, validate } from './run-input.schema';
import {
  applyRunFilters,
  applyRunOrder,
  countSqliteTextMatches,
  hasOnlyTextFilter,
  parseListRunsOptions,
  runCursor,
  runCursorQuery,
  runOrderKey,
  sqliteFtsPhrase,
  type ListRunsOptions,
} from './run-query';
import { decodeCursor } from './cursor';
import { applyItemQuery, parseListItemsOptions, type ListItemsOptions } from './item-query';
import { toItemRows } from './item-rows';
import { itemsOfRun, newRunKeySql, requireRunKey } from './run-key';
import { itemRecordOf } from './item-record';
import { decodeText, encodeText } from './stored-text';
import { insertItemRows, RowRefusedSignal } from './insert-item-rows';
import { computeAndStoreRunMetrics } from './compute-run-metrics';
import { insertRows } from './insert-rows';
import { cancel, finalize, storeStatistics, type RunFinalState } from './run-lifecycle';
import type { RunStatsAccumulator } from './run-stats-accumulator';
import { dialectOf, type SqlDialect } from './sql-dialect';
import { inTransaction } from './transaction';
import { ensureProject } from './project-upsert';
import { isUniqueViolation } from './db-errors';
import { deleteRunsById, findOlderRuns, type OlderRunsFilter, type OlderRunsMatch } from './run-maintenance';
import { runState } from './run-liveness';
import { takeLivenessSnapshot } from './run-state-filter';
import { databaseNow, POSTGRES_NOW_SQL } from './database-clock';
import { withStoredTotals } from './stored-totals';
import { addToRunningTotals } from './running-totals';
import { findAbandoned, recordHeartbeat, recover, type RecoveryOptions, type RecoveryOutcome } from './run-recovery';
import { configWithOrigin, DuplicateImportError, findImportedRun, type ImportRunOptions } from './import-origin';
import { noteRunChange, noteRunsDeleted } from './run-changes';
import { AuditLog } from '../access/audit-log';
import type { AuditContext } from '../access/access-records';
import { auditRunChange, readAuditedRun } from './run-audit';
import { auditRunUpdate, readUpdatableFields } from './run-update-audit';
import { canonicalRunId, isRunIdShape } from './run-id';
import { countRunsByName, type NameCount } from './run-name-counts';
import { countAllMetricErrors, countMetricErrors, type MetricErrorCount } from './metric-error-counts';
import { checkNewRunTimes, checkRunTimes, endOfFinish, readRunTimes, secondsBetween } from './run-times';


/** A run entity as plain data (no relation properties), with `abandoned` for a running run whose writer is gone. */
export function toRunRecord(run: EvaluationRun): RunRecord {
  return runRecordOf(run);
}

/** `now`: the moment its liveness is judged at, by the database's clock for a repository's reads (databaseNow). */
function runRecordOf(run: EvaluationRun, heartbeatTimeoutSeconds?: number, now = new Date()): RunRecord {
  // One object literal in the entity's key order (no rest/spread copy): every record shares one shape.
  const record: RunRecord = {
    id: run.id,
    name: run.name,
    description: run.description,
    status: run.status,
    projectId: run.projectId,
    datasetName: run.datasetName,
    modelName: run.modelName,
    modelVersion: run.modelVersion,
    taskType: run.taskType,
    metricsUsed: run.metricsUsed,
    metricConfigs: run.metricConfigs,
    config: run.config,
    environment: run.environment,
    tags: run.tags,
    createdBy: run.createdBy,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    startedAt: run.startedAt,
    completedAt: run.completedAt,
    durationSeconds: run.durationSeconds,
    totalItems: run.totalItems,
    successfulItems: run.successfulItems,
    failedItems: run.failedItems,
    successRate: run.successRate,
    avgResponseTime: run.avgResponseTime,
    minResponseTime: run.minResponseTime,
    maxResponseTime: run.maxResponseTime,
    totalTokens: run.totalTokens,
    totalCost: run.totalCost,
    writerHost: run.writerHost,
    writerPid: run.writerPid,
    heartbeatAt: run.heartbeatAt,
    statusReason: run.statusReason,
  };
  record.status = runState(record, now, heartbeatTimeoutSeconds);
  return record;
}

function toMetricRecord(metric: RunMetric): RunMetricRecord {
  const { id: _id, run: _run, ...plain } = metric;
  return { ...plain };
}

/** Stores, reads, lists and deletes evaluation runs and their items on SQLite or PostgreSQL. */
export class RunRepository {
  private readonly dialect: SqlDialect;
  private readonly auditLog: AuditLog;

  /** `heartbeatTimeoutSeconds`: how long a running run may go without a heartbeat before it counts as abandoned. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly liveness: { heartbeatTimeoutSeconds?: number } = {},
  ) {
    this.dialect = dialectOf(dataSource);
    this.auditLog = new AuditLog(dataSource);
  }

  private toRecord(run: EvaluationRun, now: Date): RunRecord {
    return runRecordOf(run, this.liveness.heartbeatTimeoutSeconds, now);
  }

  /**
   * The moment `runs` are judged alive at: the database's clock when one of them is running (only a running run's
   * liveness is judged), else this process's, which saves the read of the database's clock (a round trip on
   * PostgreSQL) for every run that is over.
   */
  private async judgedAt(runs: readonly EvaluationRun[]): Promise<Date> {
    return runs.some((run) => run.status === 'running') ? databaseNow(this.dataSource) : new Date();
  }

  /**
   * Creates a run (and its project on first use) in one transaction; returns the stored run. A run given both times
   * but no durationSeconds took completed − started. With `audit`, appends `run.created` in the same transaction.
   */
  async createRun(input: CreateRunInput, audit?: AuditContext): Promise<RunRecord> {
    return this.requireRun(await this.createRunId(input, audit));
  }

  /**
   * Creates a run as createRun does and returns only its id, without reading the run back: for a writer that needs
   * nothing more (the evaluator's storage worker, once per run).
   */
  async createRunId(input: CreateRunInput, audit?: AuditContext): Promise<string> {
    const data = validate(createRunSchema, input, 'run');
    checkNewRunTimes(data);
    return inTransaction(this.dataSource, async (manager) => {
      const runId = await this.insertRun(manager, data);
      await auditRunChange(this.auditLog, manager, audit, 'run.created', { id: runId, name: data.name, projectId: data.projectId ?? null });
      return runId;
    });
  }

  /** The run with its per-metric statistics, or null when it does not exist. */
  async getRun(id: string): Promise<RunWithMetrics | null> {
    id = canonicalRunId(id);
    if (!isRunIdShape(id)) return null;
    const run = await this.dataSource.getRepository(EvaluationRun).findOne({ where: { id } });
    if (!run) return null;
    const [record] = await withStoredTotals(this.dataSource, this.dialect, [this.toRecord(run, await this.judgedAt([run]))]);
    return { ...record!, metrics: await this.getRunMetrics(id) };
  }

  /** Like getRun, but throws RunNotFoundError. */
  async requireRun(id: string): Promise<RunWithMetrics> {
    const run = await this.getRun(id);
    if (!run) throw new RunNotFoundError(id);
    return run;
  }

  /**
   * Changes fields of a run (tags are replaced as a whole) in one transaction; returns the stored run. A completedAt
   * before the run's startedAt (given or stored), or a startedAt after its completedAt, is refused (ValidationError).
   * An update that gives a startedAt or completedAt but no durationSeconds stores completed − started (times given or
   * stored) as the duration, unless the run stores a duration given earlier; a given durationSeconds always wins. An
   * update to completed or failed of a run without an end, giving none, ends it now. With `audit`, appends
   * `run.updated` in the same transaction, each changed field's value before (read under the run's lock) and after.
   */
  async updateRun(id: string, patch: UpdateRunInput, audit?: AuditContext): Promise<RunRecord> {
    id = canonicalRunId(id);
    const data = validate(updateRunSchema, patch, 'run update');
    await inTransaction(this.dataSource, async (manager) => {
      await this.lockRun(manager, id);
      const before = audit ? await readUpdatableFields(manager, id) : null;
      // Completed or failed without an end: it ended now (as finalizeRun has it), not a run that took 0 s.
      const stored = await readRunTimes(manager, id);
      const end = stored ? endOfFinish(stored, data) : undefined;
      const update = end ? { ...data, completedAt: end } : data;
      const durationSeconds = await checkRunTimes(manager, id, update);
      if (update.projectId) await ensureProject(manager, this.dialect, update.projectId, update.createdBy ?? null);
      const { tags, ...fields } = update;
      await manager.update(EvaluationRun, { id }, {
        ...fields,
        ...(durationSeconds === undefined ? {} : { durationSeconds }),
        ...(tags ? { tags: [...new Set(tags)] } : {}),
        updatedAt: new Date(),
      } as Partial<EvaluationRun> as never);
      if (tags) {
        await manager.delete(RunTag, { runId: id });
        const unique = [...new Set(tags)];
        if (unique.length) await manager.insert(RunTag, unique.map((tag) => ({ runId: id, tag })));
      }
      await noteRunChange(manager, this.dialect, id, 'updated');
      const after = before ? await readUpdatableFields(manager, id) : null;
      if (before && after) await auditRunUpdate(this.auditLog, manager, audit, before, after);
    });
    return this.requireRun(id);
  }

  /**
   * Deletes a run with its items, metrics, tags and comparisons (foreign keys cascade). With `audit`, appends
   * `run.deleted` in the same transaction.
   */
  async deleteRun(id: string, audit?: AuditContext): Promise<void> {
    id = canonicalRunId(id);
    await inTransaction(this.dataSource, async (manager) => {
      await this.lockRun(manager, id);
      const run = audit ? await readAuditedRun(manager, this.dialect, id) : null;
      await noteRunsDeleted(manager, this.dialect, [id]);
      await manager.delete(EvaluationRun, { id });
      if (run) await auditRunChange(this.auditLog, manager, audit, 'run.deleted', run);
    });
  }

  /**
   * Stores items of a run in one transaction. One bad item never costs the others: an item that cannot be stored (a
   * duplicate id, an invalid field, a value the database refuses) is left out, every other item is stored, and then
   * ItemsRejectedError names each item left out with its typed error. Returns how many were stored.
   * With `onlyWhileRunning`, a run that is no longer running stores nothing (RunClosedError); the status is checked
   * under the run's lock in the batch's own transaction, so a batch cannot slip in after the run finished.
   * With `ignoreDuplicates`, writes are idempotent on (run, item id): an item whose id the run already holds (or that
   * repeats an id earlier in the batch) is skipped, not an error, and neither it nor its figures count; the return
   * value is then the number of items really inserted. For retried jobs of distributed workers.
   */
  async addItems(
    runId: string,
    items: readonly ItemInput[],
    options: { onlyWhileRunning?: boolean; ignoreDuplicates?: boolean } = {},
  ): Promise<number> {
    runId = canonicalRunId(runId);
    if (!Array.isArray(items)) throw new ValidationError('addItems expects an array of items.', 'items');
    if (items.length === 0) {
      await this.requireRunExists(this.dataSource.manager, runId);
      return 0;
    }
    if (!isRunIdShape(runId)) throw new RunNotFoundError(runId);
    const store = (isolateRows: boolean) => inTransaction(this.dataSource, (manager) => this.storeBatch(manager, runId, items, options, isolateRows));
    let outcome: { stored: number; rejected: RejectedItem[] };
    try {
      outcome = await store(false);
    } catch (error) {
      if (!(error instanceof RowRefusedSignal)) throw error;
      outcome = await store(true);
    }
    if (outcome.rejected.length) throw new ItemsRejectedError(runId, outcome.stored, outcome.rejected);
    return outcome.stored;
  }

  /**
   * One batch's transaction. The run row is locked late: the items go in first (on PostgreSQL their foreign key only
   * takes a key-share lock on the run row, which concurrent batches share), and the row is locked by the running-totals
   * UPDATE that also checks the run is still running, just before the commit. Concurrent writers of one run thus wait
   * on each other only for that UPDATE and the commit, not for their inserts. Items without sequence numbers read the
   * run's highest one, so on PostgreSQL those batches lock the run first to number their items without overlap.
   */
  private async storeBatch(
    manager: EntityManager,
    runId: string,
    items: readonly ItemInput[],
    options: { onlyWhileRunning?: boolean; ignoreDuplicates?: boolean },
    isolateRows: boolean,
  ): Promise<{ stored: number; rejected: RejectedItem[] }> {
    if (this.dialect.kind === 'postgres' && items.some((item) => item?.sequenceNumber === undefined)) {
      const status = await this.lockRun(manager, runId);
      if (options.onlyWhileRunning && status !== 'running') throw new RunClosedError(runId, status);
    }
    const outcome = await this.insertItems(manager, runId, items, options.ignoreDuplicates === true, isolateRows);
    const counted = await addToRunningTotals(manager, this.dialect, runId, outcome.inserted.map((i) => items[i]!));
    if (!counted) {
      // Nothing stored, or the run is not running: say which, and refuse the batch when it must only join a running run.
      const [run] = await manager.query(`SELECT "status" FROM "evaluation_runs" WHERE "id" = ${this.dialect.param(1)}`, [runId]);
      if (!run) throw new RunNotFoundError(runId);
      if (options.onlyWhileRunning && run.status !== 'running') throw new RunClosedError(runId, String(run.status));
    }
    if (outcome.stored > 0) await noteRunChange(manager, this.dialect, runId, 'items');
    return outcome;
  }

  /** Runs matching every filter, one page at a time, with the total count of matches. */
  async listRuns(options: ListRunsOptions = {}): Promise<RunPage> {
    const o = parseListRunsOptions(options);
    const sort = o.sort ?? 'createdAt';
    const direction = o.direction ?? 'desc';
    const order = runOrderKey(sort, direction);
    const cursorQuery = runCursorQuery(o);
    const position = o.cursor === undefined ? undefined : decodeCursor(o.cursor, order, cursorQuery);
    const phrase = sqliteFtsPhrase(this.dialect, o.text);
    const textMatches = phrase ? await countSqliteTextMatches(this.dataSource, phrase) : undefined;
    const qb = this.dataSource.getRepository(EvaluationRun).createQueryBuilder('r');
    // Liveness (the filter's and the records') is judged at the database's clock, which heartbeats are stamped by.
    const liveness =
      o.status === undefined ? undefined : await takeLivenessSnapshot(this.dataSource, undefined, this.liveness.heartbeatTimeoutSeconds);
    applyRunFilters(qb, o, this.dialect, textMatches, liveness);
    // Later pages reuse the first page's total (when the cursor's seal vouches for it); a text-only search takes it from
    // the FTS index.
    const knownTotal = position?.total ?? (textMatches !== undefined && hasOnlyTextFilter(o) ? textMatches : undefined);
    const countQb = knownTotal === undefined ? qb.clone() : undefined;
    applyRunOrder(qb, sort, direction, position);
    const limit = o.limit ?? 50;
    qb.limit(limit + 1);
    if (o.offset) qb.offset(o.offset);
    const [rows, total] = await Promise.all([
      qb.getMany(),
      countQb
        ? countQb.select('COUNT(*)', 'total').orderBy().getRawOne<{ total: string | number }>().then((r) => Number(r?.total ?? 0))
        : knownTotal!,
    ]);
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const now = liveness?.now ?? (await this.judgedAt(page));
    return {
      runs: await withStoredTotals(this.dataSource, this.dialect, page.map((run) => this.toRecord(run, now))),
      total,
      nextCursor: hasMore ? runCursor(order, sort, page[page.length - 1]!, total, cursorQuery) : null,
    };
  }

  /** Items of a run matching the filters, one page at a time, with the total count of matches. */
  async listItems(runId: string, options: ListItemsOptions = {}): Promise<ItemPage> {
    runId = canonicalRunId(runId);
    const o = parseListItemsOptions(options);
    await this.requireRunExists(this.dataSource.manager, runId);
    const qb = this.dataSource.getRepository(EvaluationItem).createQueryBuilder('i').where(itemsOfRun(':runId', 'i'), { runId });
    const { countQb, knownTotal, limit, cursorFor } = applyItemQuery(qb, o, this.dialect, runId);
    const [rows, total] = await Promise.all([
      qb.getMany(),
      knownTotal ??
        countQb.select('COUNT(*)', 'total').orderBy().getRawOne<{ total: string | number }>().then((r) => Number(r?.total ?? 0)),
    ]);
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    return {
      items: page.map((item) => itemRecordOf(item, runId)),
      total,
      nextCursor: hasMore ? cursorFor(page[page.length - 1]!, total) : null,
    };
  }

  /** Computes and stores each metric's statistics and the run's totals from its items. */
  async computeRunMetrics(runId: string): Promise<RunMetricRecord[]> {
    runId = canonicalRunId(runId);
    const run = await this.requireRun(runId);
    const { metrics } = await inTransaction(this.dataSource, async (manager) => {
      const computed = await computeAndStoreRunMetrics(manager, this.dialect, runId, run.metricsUsed);
      await noteRunChange(manager, this.dialect, runId, 'updated');
      return computed;
    });
    return metrics;
  }

  /**
   * Stores statistics and totals gathered while the run's items were written (a RunStatsAccumulator fed with the
   * items addItems stored), replacing earlier ones, and with `final` the run's final state, in one transaction: the
   * end of a run without a second pass over its items (a `final` with both times but no durationSeconds took
   * completed − started). A run cancelled meanwhile (cancelRun) stays cancelled. A run
   * already settled (a completedAt: finalised, or recovered as failed while its writer was thought gone) is left as it
   * is and RunClosedError is thrown: a late writer never overwrites what another process decided. Returns the status
   * the run has now (`cancelled` when a cancel came first, whatever `final` said).
   */
  async storeRunStatistics(runId: string, accumulator: RunStatsAccumulator, final?: RunFinalState): Promise<RunStatus> {
    runId = canonicalRunId(runId);
    return storeStatistics(this.dataSource, this.dialect, runId, accumulator, final);
  }

  /**
   * Cancels a running run (status `cancelled`, `reason` as its status reason) in one guarded update. Returns false,
   * changing nothing, when the run is not running; throws RunNotFoundError when it does not exist. addItems with
   * `onlyWhileRunning` then refuses the run's further batches (RunClosedError). With `audit`, a cancel that happened
   * appends `run.cancelled` in the same transaction.
   */
  async cancelRun(runId: string, reason?: string, audit?: AuditContext): Promise<boolean> {
    runId = canonicalRunId(runId);
    const onCancelled = audit
      ? async (manager: EntityManager) => {
          const run = await readAuditedRun(manager, this.dialect, runId);
          if (run) await auditRunChange(this.auditLog, manager, audit, 'run.cancelled', run, reason === undefined ? {} : { reason });
        }
      : undefined;
    return cancel(this.dataSource, this.dialect, runId, reason, onCancelled);
  }

  /**
   * Finalises a run exactly once: statistics and totals from its stored items, then `final` (a cancelled run stays
   * cancelled), in one transaction, if it is running or cancelled and not finalised yet; a `final` without
   * durationSeconds takes completed − started. Returns false, changing nothing, when it was already finalised: of
   * several racing finalisers exactly one gets true.
   */
  async finalizeRun(runId: string, final: RunFinalState): Promise<boolean> {
    runId = canonicalRunId(runId);
    return finalize(this.dataSource, this.dialect, runId, final);
  }

  /**
   * Which of `itemIds` the run already holds. A read only: callers that must not store an item twice still rely on
   * the unique index on (run, item id), which addItems reports as DuplicateItemError.
   */
  async findStoredItemIds(runId: string, itemIds: readonly string[]): Promise<Set<string>> {
    runId = canonicalRunId(runId);
    const found = new Set<string>();
    if (!isRunIdShape(runId) || itemIds.length === 0) return found;
    const perQuery = Math.min(500, this.dialect.maxParams - 1);
    for (let start = 0; start < itemIds.length; start += perQuery) {
      const chunk = itemIds.slice(start, start + perQuery).map(encodeText);
      const list = chunk.map((_, i) => this.dialect.param(i + 2)).join(', ');
      const rows: Array<{ item_id: string }> = await this.dataSource.query(
        `SELECT "item_id" FROM "evaluation_items" WHERE ${itemsOfRun(this.dialect.param(1))} AND "item_id" IN (${list})`,
        [runId, ...chunk],
      );
      for (const row of rows) found.add(decodeText(row.item_id));
    }
    return found;
  }

  /** Stored per-metric statistics of a run, by metric name. */
  async getRunMetrics(runId: string): Promise<RunMetricRecord[]> {
    runId = canonicalRunId(runId);
    if (!isRunIdShape(runId)) return [];
    const metrics = await this.dataSource.getRepository(RunMetric).find({ where: { runId }, order: { metricName: 'ASC' } });
    return metrics.map(toMetricRecord);
  }

  /**
   * Stores a complete run — the run, all its items, its metric statistics and totals — in one transaction, so an
   * import either lands whole or leaves nothing behind. With `origin`, refuses (DuplicateImportError) an export
   * already stored unless `allowDuplicate`, and keeps the origin in the run's config. With `audit`, appends
   * `run.imported` in the same transaction. Returns the stored run.
   */
  async importRun(
    input: CreateRunInput,
    items: readonly ItemInput[],
    options: ImportRunOptions = {},
    audit?: AuditContext,
  ): Promise<RunWithMetrics> {
    const data = validate(createRunSchema, input, 'run');
    if (!Array.isArray(items)) throw new ValidationError('importRun expects an array of items.', 'items');
    const { origin } = options;
    const id = await inTransaction(this.dataSource, async (manager) => {
      // Checked inside the import's transaction, so two imports of one file cannot both pass (SQLite).
      const existing = origin && !options.allowDuplicate ? await findImportedRun(manager, this.dialect, origin, items.length, options.duplicateProjectIds) : null;
      if (existing) throw new DuplicateImportError(existing.id, existing.name);
      const runId = await this.insertRun(manager, origin ? { ...data, config: configWithOrigin(data.config, origin) } : data);
      if (items.length) {
        // An import lands whole or not at all: one item it cannot store fails it.
        const { rejected } = await this.insertItems(manager, runId, items);
        if (rejected.length) {
          // Its message said "This item was not stored", as if the others were: none of them is.
          const { error } = rejected[0]!;
          if (error.message.endsWith(ITEM_NOT_STORED)) {
            error.message = `${error.message.slice(0, -ITEM_NOT_STORED.length)}Nothing was imported: an import stores the whole run or nothing.`;
          }
          throw error;
        }
      }
      await computeAndStoreRunMetrics(manager, this.dialect, runId, data.metricsUsed ?? []);
      const run = { id: runId, name: data.name, projectId: data.projectId ?? null };
      await auditRunChange(this.auditLog, manager, audit, 'run.imported', run, { items: items.length });
      return runId;
    });
    return this.requireRun(id);
  }

  /**
   * Deletes runs with their items, metrics, tags and comparisons in one transaction. If any id does not exist it
   * throws RunNotFoundError and deletes nothing. With `audit`, appends one `run.deleted` per run in the same
   * transaction. Returns how many runs were deleted.
   */
  async deleteRuns(ids: string[], audit?: AuditContext): Promise<number> {
    ids = Array.isArray(ids) ? ids.map(canonicalRunId) : ids;
    const auditDeleted = audit
      ? async (manager: EntityManager, runs: Array<{ id: string; name: string; projectId: string | null }>) => {
          for (const run of runs) await auditRunChange(this.auditLog, manager, audit, 'run.deleted', run);
        }
      : undefined;
    return deleteRunsById(this.dataSource, this.dialect, ids, auditDeleted);
  }

  /**
   * The dataset or model names a project's runs used, with how many runs used each, most used first: a project
   * summary's datasets and models, each name exactly as stored by createRun (a NUL in it included).
   */
  async countRunsByName(projectId: string, field: 'datasetName' | 'modelName'): Promise<NameCount[]> {
    return countRunsByName(this.dataSource, this.dialect, projectId, field);
  }

  /**
   * A metric's `limit` most frequent error messages among a run's items (`{ "error": message }` in their scores), each
   * exactly as the metric gave it with how many items failed with it, most frequent first, ties by the first item.
   */
  async metricErrorCounts(runId: string, metricName: string, limit: number): Promise<MetricErrorCount[]> {
    return countMetricErrors(this.dataSource, this.dialect, runId, metricName, limit);
  }

  /**
   * metricErrorCounts of every metric of a run that failed on some item, by metric name, in one query: a run of
   * thousands of metrics is read in one pass over its items, not one per metric.
   */
  async metricErrorCountsByMetric(runId: string, limit: number): Promise<Map<string, MetricErrorCount[]>> {
    return countAllMetricErrors(this.dataSource, this.dialect, runId, limit);
  }

  /** Runs created before a date (optionally with given statuses, in a project): ids oldest first, counts, date range. */
  async findRunsOlderThan(filter: OlderRunsFilter): Promise<OlderRunsMatch> {
    return findOlderRuns(this.dataSource, this.dialect, filter, () =>
      takeLivenessSnapshot(this.dataSource, undefined, this.liveness.heartbeatTimeoutSeconds),
    );
  }

  /**
   * Running runs whose writer is gone (its process exited on this host, or no heartbeat within the timeout), oldest
   * first, with status `abandoned`.
   */
  async findAbandonedRuns(options: RecoveryOptions = {}): Promise<RunRecord[]> {
    const timeout = options.heartbeatTimeoutSeconds ?? this.liveness.heartbeatTimeoutSeconds;
    const runs = await findAbandoned(this.dataSource, (run, now) => this.toRecord(run, now), { ...options, heartbeatTimeoutSeconds: timeout });
    return withStoredTotals(this.dataSource, this.dialect, runs);
  }

  /**
   * Settles an interrupted run from the items it stored: totals, per-metric statistics, time from the first item's
   * start to the last item's end, status `failed` with a status reason. Throws RunWriterAliveError while its writer
   * may still be writing (unless `force`), RunNotRecoverableError when it already finished.
   */
  async recoverRun(id: string, options: RecoveryOptions = {}): Promise<RecoveryOutcome> {
    id = canonicalRunId(id);
    if (!isRunIdShape(id)) throw new RunNotFoundError(id);
    const timeout = options.heartbeatTimeoutSeconds ?? this.liveness.heartbeatTimeoutSeconds;
    return recover(this.dataSource, this.dialect, id, { ...options, heartbeatTimeoutSeconds: timeout });
  }

  /**
   * Records that the run's writer is alive (writers call this every few seconds while the run is running) and returns
   * the run's stored status, null when there is no such run: anything but `running` tells the writer its run was
   * cancelled or settled by someone else, and that it should stop. Without `at` it is stamped by the database's clock on
   * PostgreSQL (a writer's clock may be minutes off its readers'), by this process's clock on SQLite.
   */
  async heartbeat(id: string, at?: Date): Promise<RunStatus | null> {
    id = canonicalRunId(id);
    if (!isRunIdShape(id)) return null;
    return (await recordHeartbeat(this.dataSource, this.dialect, id, at)) as RunStatus | null;
  }

  private async insertRun(manager: EntityManager, data: CreateRunInput): Promise<string> {
    const now = new Date();
    // The schema lower-cases a given id; this keeps any other caller of insertRun to the one stored spelling.
    const id = canonicalRunId(data.id) ?? randomUUID();
    const tags = [...new Set(data.tags ?? [])];
    // A run stored with when it started and ended but not how long it took took that long (createRun and importRun).
    const durationSeconds = data.durationSeconds ?? secondsBetween(data.startedAt, data.completedAt);
    if (data.projectId) await ensureProject(manager, this.dialect, data.projectId, data.createdBy ?? null);
    try {
      await insertRows(manager, EvaluationRun, {
        ...data,
        id,
        ...(durationSeconds === undefined ? {} : { durationSeconds }),
        // SQL, which TypeORM inserts as written: the next key (run-key.ts)
        runKey: () => newRunKeySql(this.dialect),
        tags,
        metricsUsed: data.metricsUsed ?? [],
        // 'now' (a writer's first heartbeat): the database's clock on PostgreSQL, as TypeORM inserts SQL as written.
        ...(data.heartbeatAt === 'now' ? { heartbeatAt: this.dialect.kind === 'postgres' ? () => POSTGRES_NOW_SQL : now } : {}),
        createdAt: data.createdAt ?? now,
        updatedAt: now,
      } as unknown as never);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ValidationError(`A run with id ${id} already exists.`, 'id');
      throw error;
    }
    if (tags.length) await insertRows(manager, RunTag, tags.map((tag) => ({ runId: id, tag })));
    await noteRunChange(manager, this.dialect, id, 'created');
    return id;
  }

  /**
   * Validates and inserts items; an item that cannot be stored is left out and returned, the others are stored.
   * `inserted`: positions of the items stored. With `ignoreDuplicates`, an item id already stored or repeated in the
   * batch is skipped (neither stored nor rejected).
   */
  private async insertItems(
    manager: EntityManager,
    runId: string,
    items: readonly ItemInput[],
    ignoreDuplicates = false,
    isolateRows = true,
  ): Promise<{ stored: number; rejected: RejectedItem[]; inserted: number[] }> {
    const runKey = await requireRunKey(manager, this.dialect, runId);
    const needsSequence = items.some((item) => item?.sequenceNumber === undefined);
    let first = 0;
    if (needsSequence) {
      const [row] = await manager.query(
        `SELECT MAX("sequence_number") AS "max" FROM "evaluation_items" WHERE "run_key" = ${this.dialect.param(1)}`,
        [runKey],
      );
      first = row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
    }
    const converted = toItemRows(runId, runKey, items, first, this.dialect);
    const rejected = ignoreDuplicates ? converted.rejected.filter((r) => !(r.error instanceof DuplicateItemError)) : converted.rejected;
    const outcome = await insertItemRows(manager, this.dialect, runId, converted.rows, { ignoreDuplicates, isolateRows });
    rejected.push(...outcome.rejected);
    rejected.sort((a, b) => a.index - b.index);
    let inserted = outcome.inserted;
    if (!inserted) {
      const refused = new Set(rejected.map((r) => r.index));
      inserted = [];
      for (let i = 0; i < items.length; i++) if (!refused.has(i)) inserted.push(i);
    }
    return { stored: inserted.length, rejected, inserted };
  }

  private async requireRunExists(manager: EntityManager, runId: string): Promise<void> {
    if (!isRunIdShape(runId) || !(await manager.exists(EvaluationRun, { where: { id: runId } }))) {
      throw new RunNotFoundError(runId);
    }
  }

  /**
   * Checks the run exists inside a transaction and returns its stored status; on PostgreSQL also locks it against
   * concurrent deletes and updates.
   */
  private async lockRun(manager: EntityManager, runId: string): Promise<string> {
    if (!isRunIdShape(runId)) throw new RunNotFoundError(runId);
    const lock = this.dialect.kind === 'postgres' ? ' FOR UPDATE' : '';
    const rows = await manager.query(`SELECT "id", "status" FROM "evaluation_runs" WHERE "id" = ${this.dialect.param(1)}${lock}`, [runId]);
    if (rows.length === 0) throw new RunNotFoundError(runId);
    return String(rows[0].status);
  }
}
