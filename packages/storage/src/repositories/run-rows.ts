import type { RunRecord } from './records';
import { runState } from './run-liveness';
import type { SqlDialect } from './sql-dialect';
import { decodeJsonText, decodeJsonValue, decodeText } from './stored-text';

/**
 * Runs read as raw rows, for the hot list queries (the search engine's runs page): selecting the columns by hand and
 * building each RunRecord as one object literal costs a fraction of TypeORM's entity loading followed by a rest/spread
 * copy, and every record has the same hidden class, so whatever reads the records next (JSON encoding) stays fast.
 *
 * The values are hydrated exactly as the entity path hydrates them (TypeORM's driver plus the DataSource's hooks in
 * faithful-text-hooks.ts and sqlite-portable-types.ts): stored text decoded, JSON parsed (SQLite) or decoded (PostgreSQL
 * hands jsonb over parsed), SQLite's UTC datetime text read as a Date. test/run-rows.test.ts holds both paths equal.
 */

type ColumnKind = 'plain' | 'json' | 'date';

/** Every column of evaluation_runs, in RunRecord's key order: [field, column, kind]. */
const RUN_COLUMNS: ReadonlyArray<readonly [keyof RunRecord, string, ColumnKind]> = [
  ['id', 'id', 'plain'],
  ['name', 'name', 'plain'],
  ['description', 'description', 'plain'],
  ['status', 'status', 'plain'],
  ['projectId', 'project_id', 'plain'],
  ['datasetName', 'dataset_name', 'plain'],
  ['modelName', 'model_name', 'plain'],
  ['modelVersion', 'model_version', 'plain'],
  ['taskType', 'task_type', 'plain'],
  ['metricsUsed', 'metrics_used', 'json'],
  ['metricConfigs', 'metric_configs', 'json'],
  ['config', 'config', 'json'],
  ['environment', 'environment', 'json'],
  ['tags', 'tags', 'json'],
  ['createdBy', 'created_by', 'plain'],
  ['createdAt', 'created_at', 'date'],
  ['updatedAt', 'updated_at', 'date'],
  ['startedAt', 'started_at', 'date'],
  ['completedAt', 'completed_at', 'date'],
  ['durationSeconds', 'duration_seconds', 'plain'],
  ['totalItems', 'total_items', 'plain'],
  ['successfulItems', 'successful_items', 'plain'],
  ['failedItems', 'failed_items', 'plain'],
  ['successRate', 'success_rate', 'plain'],
  ['avgResponseTime', 'avg_response_time', 'plain'],
  ['minResponseTime', 'min_response_time', 'plain'],
  ['maxResponseTime', 'max_response_time', 'plain'],
  ['totalTokens', 'total_tokens', 'plain'],
  ['totalCost', 'total_cost', 'plain'],
  ['writerHost', 'writer_host', 'plain'],
  ['writerPid', 'writer_pid', 'plain'],
  ['heartbeatAt', 'heartbeat_at', 'date'],
  ['statusReason', 'status_reason', 'plain'],
];

/** A row selected with runColumnsSql: one column per RunRecord field, under the field's name. @internal */
export type RunRow = { readonly [K in keyof RunRecord]: unknown };

const selectLists = new Map<string, string>();

/**
 * The select list of every run column of table alias `alias`, each under its RunRecord field name, for
 * runRecordFromRow. SQLite's JSON columns are read through json(), as TypeORM reads them. @internal
 */
export function runColumnsSql(dialect: SqlDialect, alias = 'r'): string {
  const key = `${dialect.kind}:${alias}`;
  let sql = selectLists.get(key);
  if (sql === undefined) {
    const a = `"${alias.replace(/"/g, '""')}"`;
    sql = RUN_COLUMNS.map(([field, column, kind]) => {
      const value = `${a}."${column}"`;
      return `${kind === 'json' && dialect.kind === 'sqlite' ? `json(${value})` : value} AS "${field}"`;
    }).join(', ');
    selectLists.set(key, sql);
  }
  return sql;
}

interface ValueReader {
  /** Text, numbers, anything that is not JSON or a date: a string is decoded stored text. */
  text<T>(value: unknown): T;
  json<T>(value: unknown): T;
  date<T>(value: unknown): T;
  /** A bigint column's whole number. */
  count<T>(value: unknown): T;
}

const decoded = <T>(value: unknown): T => (typeof value === 'string' ? decodeText(value) : value) as T;

/** The text TypeORM writes ("2026-01-02 03:04:05.678"): read as ISO 8601 UTC in one step. */
const SQLITE_WRITTEN_DATETIME = /^\d\d\d\d-\d\d-\d\d \d\d:\d\d:\d\d\.\d\d\d$/;
const SQLITE_SPACE_DATETIME = /^\d\d\d\d-\d\d-\d\d \d\d:\d\d/;
const SQLITE_ZONELESS_DATETIME = /^\d\d\d\d-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d\d\d)?)?$/;

const asNumber = <T>(value: unknown): T => (typeof value === 'string' ? Number(value) : value) as T;

const SQLITE_VALUES: ValueReader = {
  text: decoded,
  count: asNumber,
  // TypeORM parses JSON text; json() always answers text or NULL.
  json: <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(decodeJsonText(value)) : value) as T,
  // TypeORM's SQLite datetime reading: stored UTC text without a zone, "YYYY-MM-DD HH:MM:SS.SSS".
  date: <T>(value: unknown): T => {
    if (typeof value !== 'string') return value as T;
    if (SQLITE_WRITTEN_DATETIME.test(value)) return new Date(`${value.slice(0, 10)}T${value.slice(11)}Z`) as T;
    let text = decodeText(value);
    if (SQLITE_SPACE_DATETIME.test(text)) text = text.replace(' ', 'T');
    if (SQLITE_ZONELESS_DATETIME.test(text)) text += 'Z';
    return (text ? new Date(text) : text) as T;
  },
};

const POSTGRES_VALUES: ValueReader = {
  text: decoded,
  count: asNumber,
  // The pg driver parses json and jsonb; the stored strings and keys are decoded.
  json: <T>(value: unknown): T => decodeJsonValue(value) as T,
  // The pg driver hands timestamptz over as a Date.
  date: <T>(value: unknown): T => {
    if (typeof value !== 'string') return value as T;
    const text = decodeText(value);
    return (text ? new Date(text) : text) as T;
  },
};

/**
 * The RunRecord of a row selected with runColumnsSql, with `abandoned` for a running run whose writer is gone (judged
 * at `now`). @internal
 */
export function runRecordFromRow(row: RunRow, dialect: SqlDialect, now: Date, heartbeatTimeoutSeconds?: number): RunRecord {
  const v = dialect.kind === 'postgres' ? POSTGRES_VALUES : SQLITE_VALUES;
  // One object literal in the entity's key order: every record shares one shape.
  const record: RunRecord = {
    id: v.text(row.id),
    name: v.text(row.name),
    description: v.text(row.description),
    status: v.text(row.status),
    projectId: v.text(row.projectId),
    datasetName: v.text(row.datasetName),
    modelName: v.text(row.modelName),
    modelVersion: v.text(row.modelVersion),
    taskType: v.text(row.taskType),
    metricsUsed: v.json(row.metricsUsed),
    metricConfigs: v.json(row.metricConfigs),
    config: v.json(row.config),
    environment: v.json(row.environment),
    tags: v.json(row.tags),
    createdBy: v.text(row.createdBy),
    createdAt: v.date(row.createdAt),
    updatedAt: v.date(row.updatedAt),
    startedAt: v.date(row.startedAt),
    completedAt: v.date(row.completedAt),
    durationSeconds: v.text(row.durationSeconds),
    totalItems: v.text(row.totalItems),
    successfulItems: v.text(row.successfulItems),
    failedItems: v.text(row.failedItems),
    successRate: v.text(row.successRate),
    avgResponseTime: v.text(row.avgResponseTime),
    minResponseTime: v.text(row.minResponseTime),
    maxResponseTime: v.text(row.maxResponseTime),
    // bigint on PostgreSQL, which the pg driver hands over as a string.
    totalTokens: v.count(row.totalTokens),
    totalCost: v.text(row.totalCost),
    writerHost: v.text(row.writerHost),
    writerPid: v.text(row.writerPid),
    heartbeatAt: v.date(row.heartbeatAt),
    statusReason: v.text(row.statusReason),
  };
  record.status = runState(record, now, heartbeatTimeoutSeconds);
  return record;
}
