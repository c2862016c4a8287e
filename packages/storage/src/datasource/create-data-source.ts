import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_ENTITIES } from '@llm-eval/models';
import { describeUrlSource, parseDatabaseUrl, resolveDatabaseUrl, type DatabaseConfig } from '../config/database-url';
import { ALL_MIGRATIONS, MIGRATIONS_TABLE } from '../migrations';
import { registerSqliteFunctions } from './sqlite-functions';
import { adaptSqliteDriverTypes } from './sqlite-portable-types';
import { QueryDebugSubscriber } from './query-debug-subscriber';
import { beginSqliteTransactionsImmediately } from './sqlite-write-lock';
import { storeTextFaithfully } from './faithful-text-hooks';
import { DriverNotInstalledError } from '../errors';

/** Options shared by everything that opens a database. */
export interface DatabaseOptions {
  /** Database URL; beats `LLM_EVAL_DATABASE_URL`, which beats the SQLite default. */
  url?: string;
  /** What the user typed to give `url` (e.g. `--database-url`), named in error messages. Default: "the url option". */
  urlSource?: string;
  /** Log every SQL statement with its duration (parameters redacted). Default: `LLM_EVAL_DEBUG=1`. */
  debug?: boolean;
  /** Base directory for relative SQLite paths. Default: the current directory. */
  cwd?: string;
  /** SQLite page cache per connection in MiB (default 64: list and search pages over 100k runs stay in memory). */
  sqliteCacheMiB?: number;
}

function optionsFor(config: DatabaseConfig, debug: boolean, cacheMiB: number): DataSourceOptions {
  const common = {
    entities: [...ALL_ENTITIES],
    migrations: [...ALL_MIGRATIONS],
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
    subscribers: debug ? [QueryDebugSubscriber] : [],
  };
  if (config.type === 'sqlite') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: config.database,
      timeout: config.busyTimeoutMs,
      prepareDatabase: (db: { pragma(source: string): unknown } & Parameters<typeof registerSqliteFunctions>[0]) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
        db.pragma(`cache_size = -${cacheMiB * 1024}`);
        db.pragma(`busy_timeout = ${config.busyTimeoutMs}`);
        registerSqliteFunctions(db);
      },
    } as DataSourceOptions;
  }
  return {
    ...common,
    type: 'postgres',
    host: config.host,
    port: config.port,
    username: config.username,
    password: config.password,
    database: config.database,
    schema: config.schema,
    ssl: config.ssl,
    applicationName: config.applicationName,
    connectTimeoutMS: config.connectTimeoutMs,
    poolSize: config.poolSize,
    extra: {
      max: config.poolSize,
      idleTimeoutMillis: config.idleTimeoutMs,
      ...(config.statementTimeoutMs !== undefined ? { statement_timeout: config.statementTimeoutMs } : {}),
    },
  } as DataSourceOptions;
}

/** Builds (does not connect) a DataSource for the configured database, with our entities and migrations. */
export function createDataSource(options: DatabaseOptions = {}): { dataSource: DataSource; config: DatabaseConfig } {
  const config = parseDatabaseUrl(resolveDatabaseUrl(options.url), options.cwd, describeUrlSource(options.url, options.urlSource));
  const debug = options.debug ?? process.env.LLM_EVAL_DEBUG === '1';
  let dataSource: DataSource;
  try {
    dataSource = new DataSource(optionsFor(config, debug, Math.max(1, Math.round(options.sqliteCacheMiB ?? 64))));
  } catch (cause) {
    if ((cause as Error)?.name === 'DriverPackageNotInstalledError') {
      const pkg = config.type === 'postgres' ? 'pg' : 'better-sqlite3';
      throw new DriverNotInstalledError(
        `The ${config.type === 'postgres' ? 'PostgreSQL' : 'SQLite'} driver "${pkg}" is not installed. ` +
          `Run \`npm install ${pkg}\` next to @llm-eval/storage.`,
        { cause },
      );
    }
    throw cause;
  }
  if (config.type === 'sqlite') {
    adaptSqliteDriverTypes(dataSource);
    beginSqliteTransactionsImmediately(dataSource);
  }
  storeTextFaithfully(dataSource);
  return { dataSource, config };
}
