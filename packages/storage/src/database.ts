import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { describeUrlSource, type DatabaseConfig } from './config/database-url';
import { redactSecrets } from './config/redact-url';
import { createDataSource, type DatabaseOptions } from './datasource/create-data-source';
import { migrateUnderLock } from './datasource/migrate-under-lock';
import { BACKGROUND_WAL_AUTOCHECKPOINT_PAGES, BackgroundCheckpointer } from './datasource/background-checkpoint';
import { DatabaseBusyError, DatabaseConnectionError, DatabaseNotInitializedError, StorageError } from './errors';
import { hasLlmEvalSchema, initCommandFor } from './datasource/schema-presence';
import { openFailureHint } from './datasource/open-failure';
import { heartbeatTimeoutSeconds } from './repositories/run-liveness';
import { RunRepository } from './repositories/run.repository';
import { AuditLog } from './access/audit-log';
import { TokenStore } from './access/token-store';
import { RetentionPolicies } from './access/retention-policies';

/**
 * An open database: its DataSource, its configuration (password-free URL included), the run repository, API tokens,
 * the audit log and retention policies.
 */
export interface Database {
  dataSource: DataSource;
  config: DatabaseConfig;
  runs: RunRepository;
  tokens: TokenStore;
  audit: AuditLog;
  retention: RetentionPolicies;
  /** Closes every connection. */
  close(): Promise<void>;
}

/** Options of initializeDatabase. */
export interface InitializeOptions extends DatabaseOptions {
  /** Apply pending migrations (default true). With false, the schema must already be current. */
  migrate?: boolean;
  /**
   * Create the schema in a database that has none (default true). With false, a database without llm-eval tables
   * (a SQLite file that does not exist, an empty PostgreSQL database) is refused with DatabaseNotInitializedError and
   * left as it was, for callers that only read or change stored runs; an older llm-eval schema is still migrated.
   */
  createSchema?: boolean;
  /**
   * Seconds a running run may go without a heartbeat before readers show it as abandoned (default:
   * `LLM_EVAL_HEARTBEAT_TIMEOUT`, else 120). A value that is not a positive number fails here, before connecting.
   */
  heartbeatTimeoutSeconds?: number;
  /**
   * SQLite only: checkpoint the WAL on a thread of its own instead of inside the commits of this connection (see
   * BackgroundCheckpointer). For a process that writes much (the evaluator's storage worker): its inserts no longer
   * wait for checkpoints' fsyncs. Default false.
   */
  sqliteBackgroundCheckpoint?: boolean;
}

/** Removes the password and any credential-looking URL part from any text, so driver messages can be shown safely. @internal */
export function scrubSecret(text: string, config: DatabaseConfig): string {
  if (config.type !== 'postgres') return redactSecrets(text, []);
  // A user name with a ':' in it (written percent-encoded, `bob%3Apw@host`) most likely carries a password after it.
  const colon = config.username?.indexOf(':') ?? -1;
  const scrubbed = redactSecrets(text, [config.password, colon < 0 ? undefined : config.username!.slice(colon + 1)]);
  // A user name without a password is shown as *** in the URL (it may be a token): the driver's message hides it too
  // where it names it, in double quotes (`role "…" does not exist`, `for user "…"`), and nowhere else, so a common
  // name (`postgres`) leaves the words that contain it (`database "postgres-staging"`, `postgresql://`) readable.
  if (!config.username || config.password || colon >= 0) return scrubbed;
  return scrubbed.split(`"${config.username}"`).join('"***"');
}

/** Whether the opened database has llm-eval's schema; closes it when not (or when the check fails, rethrowing). */
async function hasSchemaOrClose(dataSource: DataSource, config: DatabaseConfig): Promise<boolean> {
  let found: boolean;
  try {
    found = await hasLlmEvalSchema(dataSource);
  } catch (cause) {
    await dataSource.destroy().catch(() => undefined);
    throw new DatabaseConnectionError(`Could not read the tables of ${config.redactedUrl}: ${scrubSecret((cause as Error)?.message ?? String(cause), config)}`);
  }
  if (!found) await dataSource.destroy().catch(() => undefined);
  return found;
}

/**
 * Starts a background checkpointer for a SQLite file and lets this connection's WAL grow past SQLite's default before it
 * checkpoints itself; undefined (and nothing changed) for PostgreSQL, an in-memory database, or when it cannot start.
 */
async function startCheckpointer(dataSource: DataSource, config: DatabaseConfig): Promise<BackgroundCheckpointer | undefined> {
  if (config.type !== 'sqlite' || config.database === ':memory:') return undefined;
  const checkpointer = await BackgroundCheckpointer.start(config.database);
  if (checkpointer) await dataSource.query(`PRAGMA wal_autocheckpoint = ${BACKGROUND_WAL_AUTOCHECKPOINT_PAGES}`);
  return checkpointer;
}

/**
 * Opens the configured database (explicit URL, else `LLM_EVAL_DATABASE_URL`, else `./llm_eval_runs.db`), creates a
 * SQLite file's folder if needed, and applies pending migrations (with `createSchema: false`, only to a database that
 * already has llm-eval tables). Safe to call again on a current database.
 */
export async function initializeDatabase(options: InitializeOptions = {}): Promise<Database> {
  if (options.heartbeatTimeoutSeconds !== undefined) heartbeatTimeoutSeconds(options.heartbeatTimeoutSeconds);
  const { dataSource, config } = createDataSource(options);
  const notInitialized = (what: string) =>
    new DatabaseNotInitializedError(
      `${what}: run \`${initCommandFor(config.redactedUrl, describeUrlSource(options.url, options.urlSource))}\` first (nothing was created).`,
    );
  if (config.type === 'sqlite' && config.database !== ':memory:') {
    if (options.createSchema === false && !existsSync(config.database)) throw notInitialized(`The SQLite file of ${config.redactedUrl} was not found`);
    mkdirSync(path.dirname(config.database), { recursive: true });
  }
  try {
    await dataSource.initialize();
  } catch (cause) {
    const reason = scrubSecret((cause as Error)?.message ?? String(cause), config);
    const hint = openFailureHint(cause, config, initCommandFor(config.redactedUrl, describeUrlSource(options.url, options.urlSource)));
    throw new DatabaseConnectionError(`Could not open the database ${config.redactedUrl}: ${reason}${hint ? `; ${hint}` : ''}`);
  }
  if (options.createSchema === false && !(await hasSchemaOrClose(dataSource, config))) {
    throw notInitialized(`The database ${config.redactedUrl} has no llm-eval tables`);
  }
  try {
    if (options.migrate !== false) await migrateUnderLock(dataSource);
  } catch (cause) {
    await dataSource.destroy().catch(() => undefined);
    const reason = scrubSecret((cause as Error)?.message ?? String(cause), config);
    const message = `Applying schema migrations to ${config.redactedUrl} failed: ${reason}`;
    // Another process holding the database too long is not a broken schema: keep the type callers can retry on.
    if (cause instanceof DatabaseBusyError) throw new DatabaseBusyError(message, { cause });
    throw new StorageError(message);
  }
  const checkpointer = options.sqliteBackgroundCheckpoint ? await startCheckpointer(dataSource, config) : undefined;
  const audit = new AuditLog(dataSource);
  return {
    dataSource,
    config,
    runs: new RunRepository(dataSource, { heartbeatTimeoutSeconds: options.heartbeatTimeoutSeconds }),
    tokens: new TokenStore(dataSource, audit),
    audit,
    retention: new RetentionPolicies(dataSource, audit),
    close: async () => {
      await checkpointer?.stop();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
