/** Opens the database and applies pending migrations. */
export { initializeDatabase } from './database';
/** An open database and the options of initializeDatabase. */
export type { Database, InitializeOptions } from './database';
/** Builds a DataSource for a database URL without connecting. */
export { createDataSource } from './datasource/create-data-source';
/** Options shared by everything that opens a database. */
export type { DatabaseOptions } from './datasource/create-data-source';
/** Database URL parsing, resolution and redaction. */
export {
  parseDatabaseUrl,
  resolveDatabaseUrl,
  redactUrl,
  DATABASE_URL_ENV,
  DEFAULT_DATABASE_URL,
} from './config/database-url';
/** Parsed database configurations. */
export type { DatabaseConfig, SqliteConfig, PostgresConfig } from './config/database-url';
/** Inspects a database without throwing. */
export { checkHealth } from './health/check-health';
/** The health report of a database that could not be reached. */
export { unreachableHealthReport } from './health/check-health';
/** The result of checkHealth. */
export type { HealthReport } from './health/check-health';
/** What checkHealth inspects, and the heartbeat timeout it judges the newest run by. */
export type { HealthTarget } from './health/check-health';
/** Stores, lists and reads runs and items. */
export { RunRepository, toRunRecord } from './repositories/run.repository';
/** A run's statistics and totals computed from its items fed one at a time (no second pass at the end of a run). */
export { RunStatsAccumulator } from './repositories/run-stats-accumulator';
export type { RunStatsRow, RunStatistics, RunTotals } from './repositories/run-stats-accumulator';
/** The final state storeRunStatistics and finalizeRun write. */
export type { RunFinalState } from './repositories/run-lifecycle';
/** importRun's options, the import origin it records, and the error for an export already imported. */
export { DuplicateImportError } from './repositories/import-origin';
export type { ImportOrigin, ImportRunOptions } from './repositories/import-origin';
/** Interrupted runs: liveness of a run's writer, the status readers see, and recovery from stored items. */
export {
  runState,
  writerState,
  writerMayBeAlive,
  abandonedRunAdvice,
  heartbeatTimeoutSeconds,
  RUN_STATES,
  HEARTBEAT_TIMEOUT_ENV,
  DEFAULT_HEARTBEAT_TIMEOUT_SECONDS,
  HEARTBEAT_INTERVAL_MS,
} from './repositories/run-liveness';
/** Types of the liveness and recovery API. */
export type { RunState, WriterState, RunWriterFields } from './repositories/run-liveness';
export type { RecoveryOptions, RecoveryOutcome } from './repositories/run-recovery';
/** A status filter's view of which running runs are abandoned, for sibling packages that filter runs themselves. */
export { takeLivenessSnapshot } from './repositories/run-state-filter';
/** The time by the database's clock, which run heartbeats are stamped and judged by on PostgreSQL. */
export { databaseNow } from './repositories/database-clock';
/** A run's duration, or null while its stored 0 is no measurement. */
export { knownDurationSeconds, type RunDurationFields } from './repositories/run-duration';
export type { LivenessSnapshot } from './repositories/run-state-filter';
/** Sort fields of listRuns and listItems. */
export { RUN_SORT_FIELDS } from './repositories/run-query';
/** Sort fields of listItems. */
export { ITEM_SORT_FIELDS } from './repositories/item-query';
/** A metric's error message and how many items failed with it (metricErrorCounts). */
export type { MetricErrorCount } from './repositories/metric-error-counts';
/** Filter and result of findRunsOlderThan. */
export type { OlderRunsFilter, OlderRunsMatch } from './repositories/run-maintenance';
/** listRuns filters and options. */
export type { RunFilters, ListRunsOptions, RunSortField } from './repositories/run-query';
/** listItems options. */
export type { ListItemsOptions, ItemSortField } from './repositories/item-query';
/** Plain-data shapes that the repository takes and returns. */
export type * from './repositories/records';
/** Building blocks for sibling packages that query runs themselves (@llm-eval/search). */
export { runTextCondition, applyRunFilters, countTextMatches, MANY_TEXT_MATCHES } from './repositories/run-query';
/** Runs read as raw rows (the select list and the RunRecord of a row), for sibling packages' hot list queries. */
export { runColumnsSql, runRecordFromRow } from './repositories/run-rows';
/** A date range's bound as the database compares it with stored dates (`>=` / `<` only), refused outside years 1-9999. @internal */
export { dateRangeBound } from './repositories/date-bound';
/** Whether a date is one storage keeps (years 1 to 9999), and what a refused one is told. @internal */
export { isStorableDate, STORABLE_DATE_RULE } from './repositories/stored-date';
/** A sort by duration with unknown durations last in either direction, for sibling packages that sort runs themselves. */
export { durationOrderTerms, durationAfterSql, KNOWN_DURATION_SQL } from './repositories/duration-order';
/** Duration conditions by storage's one rule of unknown durations, on the keys its indexes hold. @internal */
export { durationKeySql } from './repositories/duration-order';
/** The condition "this run's stored duration is no measurement" over the run aliased "r". @internal */
export { UNKNOWN_DURATION_SQL } from './repositories/run-duration';
/** Binds a hand-written condition's values as named parameters under fresh names. @internal */
export { ParameterBinder } from './repositories/parameter-binder';
/** "A stored text column contains this text as given", never matching inside a stored escape. @internal */
export { storedTextContains, type BindParameter } from './repositories/stored-text-contains';
export { jsonInStoredForm } from './repositories/foreign-json-escapes';
export type { RunRow } from './repositories/run-rows';
export { itemScoreSql, jsonPathOf } from './repositories/item-query';
export { dialectOf, escapeLike } from './repositories/sql-dialect';
export type { SqlDialect } from './repositories/sql-dialect';
export { itemsOfRun } from './repositories/run-key';
export { itemRecordOf } from './repositories/item-record';
/** What storage accepts in one item, also published alone (importing nothing) as `@llm-eval/storage/limits`. */
export { ITEM_NUMBER_LIMITS, MAX_JSON_DEPTH, MAX_STORED_TEXT, storedLength, storedPrefix } from './limits';
export { encodeCursor, decodeCursor } from './repositories/cursor';
export { listCursorQuery } from './repositories/cursor-query';
/**
 * Text in its stored form (NUL and lone surrogates escaped), for sibling packages that compare with stored text, and
 * back, for those that read text columns in raw rows (which skip the entity hooks that decode them).
 */
export { encodeText, decodeText } from './repositories/stored-text';
export type { NameCount } from './repositories/run-name-counts';
export type { CursorPosition, CursorQuery } from './repositories/cursor';
export { inTransaction } from './repositories/transaction';
/** Change signals of run writes (PostgreSQL NOTIFY, the SQLite run_changes table) and their readers, for live events. */
export {
  RUN_CHANGES_CHANNEL,
  RUN_CHANGES_TABLE,
  RUN_CHANGES_RETENTION_MS,
  parseRunChangePayload,
  latestRunChangeId,
  readRunChangesSince,
  readRunSnapshots,
  readRunningRunSnapshots,
} from './repositories/run-changes';
export type { RunChange, RunChangeKind, StoredRunChange, RunSnapshot, ReadQuery } from './repositories/run-changes';
/** API tokens: created with a secret shown once (only its hash stored), authenticated, listed, revoked. */
export { TokenStore } from './access/token-store';
export { TOKEN_STATES, tokenState, type TokenState } from './access/token-state';
/** The append-only audit log. */
export { AuditLog } from './access/audit-log';
/** Per-project retention policies and applying them. */
export { RetentionPolicies, FINISHED_RUN_STATUSES } from './access/retention-policies';
/** The form of a token secret (`lle_` and 43 base64url characters), for callers that must recognise one. */
export { TOKEN_SECRET_PREFIX } from './access/token-secret';
/** @internal Whether a date's fields as written exist (no month 13, February 30 or hour 24), and the days of a month. */
export { calendarFieldsExist, daysInMonth } from './calendar-fields';
/** A token reference as a message may repeat it (a secret only by its prefix, control characters as "?"). @internal */
export { safeReference } from './access/token-secret';
/** The actor an API token is recorded as (audit rows, createdBy): `token:<name>#<id>`. */
export { tokenActor } from './access/token-actor';
/** Shapes the token store, audit log and retention policies take and return. */
export type {
  AuditContext,
  ApiTokenInfo,
  CreateTokenOptions,
  CreatedToken,
  AuthenticationFailure,
  AuthenticationResult,
  AuditEntryInput,
  AuditEntryRecord,
  AuditListOptions,
  AuditPage,
  AuditPruneOptions,
  FinishedRunStatus,
  RetentionPolicyInput,
  RetentionPolicyRecord,
  ApplyRetentionOptions,
  PrunedRun,
  ApplyRetentionResult,
} from './access/access-records';
/** Every migration and the table recording them. */
export { ALL_MIGRATIONS, MIGRATIONS_TABLE } from './migrations';
/** Errors this package throws. */
export {
  StorageError,
  InvalidDatabaseUrlError,
  DriverNotInstalledError,
  ValidationError,
  RunNotFoundError,
  DuplicateItemError,
  InvalidCursorError,
  DatabaseConnectionError,
  DatabaseNotInitializedError,
  RunNotRecoverableError,
  RunWriterAliveError,
  DatabaseBusyError,
  ItemsRejectedError,
  RunClosedError,
  InvalidTokenOptionError,
  TokenNotFoundError,
  TokenAlreadyRevokedError,
  InvalidAuditEntryError,
  InvalidRetentionPolicyError,
} from './errors';
/** An item addItems could not store, with the reason. */
export type { RejectedItem } from './errors';
