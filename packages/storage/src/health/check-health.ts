import type { DataSource } from 'typeorm';
import { statSync } from 'node:fs';
import type { DatabaseConfig } from '../config/database-url';
import { createDataSource, type DatabaseOptions } from '../datasource/create-data-source';
import { scrubSecret } from '../database';
import { MIGRATIONS_TABLE } from '../migrations';
import { isEndedSession } from '../repositories/db-errors';
import { describeValue } from '../repositories/describe-value';
import { runState } from '../repositories/run-liveness';
import { databaseNow } from '../repositories/database-clock';
import { decodeText } from '../repositories/stored-text';

/** What checkHealth reports. It never throws: an unreachable database is `ok: false` with the reason. */
export interface HealthReport {
  ok: boolean;
  /** The database kind; `unknown` when the URL could not be read. */
  backend: 'sqlite' | 'postgres' | 'unknown';
  /** The database URL without any password. */
  url: string;
  reachable: boolean;
  latencyMs: number | null;
  /** Name of the newest applied migration, or null for an empty database. */
  schemaVersion: string | null;
  appliedMigrations: string[];
  pendingMigrations: string[];
  rowCounts: Record<string, number>;
  sizeBytes: number | null;
  latestRun: { id: string; name: string; status: string; createdAt: Date } | null;
  /**
   * Parts of the report that could not be read, and why: a row stored around storage (before the database enforced
   * its rules) that breaks them. Such a part is null; the rest of the report stands, and `ok` is unaffected.
   */
  unreadable: Array<{ part: 'latestRun'; reason: string }>;
  /** Why the database is not usable: pending migrations, or the failure's message without the password. */
  error?: string;
  /**
   * The error that ended the check, as thrown (not enumerable, so never serialised with the report): for a caller that
   * must tell an unreachable database from a broken one without quoting the driver's message.
   */
  readonly failure?: unknown;
}

/**
 * The tables whose rows the report counts: every table of the schema but llm_eval_migrations (the report lists the
 * applied migrations), audit_prune_guard (empty but while AuditLog.prune runs) and SQLite's run_changes (a
 * short-lived queue of change signals that PostgreSQL sends with NOTIFY instead).
 */
const TABLES = [
  'projects',
  'evaluation_runs',
  'evaluation_items',
  'run_metrics',
  'run_comparisons',
  'run_comparison_chunks',
  'run_tags',
  'api_tokens',
  'audit_log',
  'retention_policies',
];

async function tableExists(ds: DataSource, table: string): Promise<boolean> {
  const runner = ds.createQueryRunner();
  try {
    return await runner.hasTable(table);
  } finally {
    await runner.release();
  }
}

async function sizeOf(ds: DataSource, config: DatabaseConfig): Promise<number | null> {
  if (config.type === 'postgres') {
    const [row] = await ds.query('SELECT pg_database_size(current_database()) AS size');
    return Number(row.size);
  }
  if (config.database === ':memory:') {
    const [pages] = await ds.query('PRAGMA page_count');
    const [size] = await ds.query('PRAGMA page_size');
    return Number(pages.page_count) * Number(size.page_size);
  }
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      total += statSync(config.database + suffix).size;
    } catch {
      // a missing -wal/-shm file is normal
    }
  }
  return total;
}

/** What kind of database a URL that does not parse was meant for, judged by its scheme alone. */
function backendOfUnreadableUrl(target: DatabaseOptions): HealthReport['backend'] {
  const url = (target.url ?? process.env.LLM_EVAL_DATABASE_URL ?? '').trim().toLowerCase();
  if (url.startsWith('postgres')) return 'postgres';
  if (url.startsWith('sqlite') || url === '') return 'sqlite';
  return 'unknown';
}

/**
 * Runs `SELECT 1` once: how long it took, or `retry` when the pooled session it got had been ended (see probe). A
 * session found ended is closed before it goes back to the pool, which would otherwise keep it when the statement
 * failed before the socket's end was read, and hand it out again. Failing to open a new session is thrown: it is the
 * answer.
 */
async function probeOnce(ds: DataSource): Promise<{ ms: number } | { retry: unknown }> {
  const runner = ds.createQueryRunner();
  try {
    const started = performance.now();
    const session: { end?: () => unknown } | undefined = await runner.connect();
    try {
      await runner.query('SELECT 1');
    } catch (error) {
      if (!isEndedSession(error)) throw error;
      // Ended before release (so the pool drops it), not awaited, and never an unhandled rejection: it is gone anyway.
      try {
        Promise.resolve(session?.end?.()).catch(() => undefined);
      } catch {
        // already closed
      }
      return { retry: error };
    }
    return { ms: Math.round((performance.now() - started) * 1000) / 1000 };
  } finally {
    await runner.release();
  }
}

/**
 * Probes the database, on a new session when the pooled one it got had been ended (PostgreSQL terminated it, or its
 * socket was reset): the pool learns of such a session only when a statement fails on it, so without a retry the first
 * check after the database ended its sessions would call a working database unreachable. Each failure drops one pooled
 * session, so one retry per pooled session reaches a new one; any other failure, or the new session's, is the answer.
 */
async function probe(ds: DataSource, config: DatabaseConfig): Promise<number> {
  const retries = config.type === 'postgres' ? config.poolSize : 0;
  for (let attempt = 0; ; attempt++) {
    const outcome = await probeOnce(ds);
    if ('ms' in outcome) return outcome.ms;
    if (attempt >= retries) throw outcome.retry;
  }
}

/** A date column as the driver hands it over: a Date (PostgreSQL), or SQLite's UTC text without a zone; else NaN. */
function storedDate(stored: unknown): Date {
  if (stored instanceof Date) return stored;
  return typeof stored === 'string' ? new Date(`${stored.replace(' ', 'T')}Z`) : new Date(NaN);
}

/**
 * The newest run's summary from its row, or why the row cannot be read: one stored before the database enforced
 * storage's rules (migration 1806000000000-run-integrity-rules) may hold a date that is none, or a name that is not text.
 * A running run whose writer is gone is `abandoned`, judged as run listing judges it (see run-liveness.ts).
 */
function latestRunOf(row: Record<string, unknown>, now: Date, timeoutSeconds?: number): NonNullable<HealthReport['latestRun']> | { reason: string } {
  const { id, name, status, created_at: stored } = row;
  const createdAt = storedDate(stored);
  const not = (column: string, value: unknown, what: string) => ({ reason: `the newest run's ${column} ${describeValue(value)} is not ${what}` });
  if (typeof id !== 'string') return not('id', id, 'text');
  if (typeof name !== 'string') return not('name', name, 'text');
  if (typeof status !== 'string') return not('status', status, 'text');
  if (Number.isNaN(createdAt.getTime())) return not('created_at', stored, 'a date');
  const state = runState(
    {
      status: status as Parameters<typeof runState>[0]['status'],
      writerHost: typeof row.writer_host === 'string' ? decodeText(row.writer_host) : null,
      writerPid: row.writer_pid === null || row.writer_pid === undefined ? null : Number(row.writer_pid),
      heartbeatAt: row.heartbeat_at === null || row.heartbeat_at === undefined ? null : storedDate(row.heartbeat_at),
      updatedAt: storedDate(row.updated_at),
    },
    now,
    timeoutSeconds,
  );
  return { id, name: decodeText(name), status: state, createdAt };
}

/** The report of a database that could not be reached (yet): nothing known beyond its kind, URL and the problem. */
export function unreachableHealthReport(backend: HealthReport['backend'], url: string, error?: string): HealthReport {
  return {
    ok: false,
    backend,
    url,
    reachable: false,
    latencyMs: null,
    schemaVersion: null,
    appliedMigrations: [],
    pendingMigrations: [],
    rowCounts: {},
    sizeBytes: null,
    latestRun: null,
    unreadable: [],
    ...(error === undefined ? {} : { error }),
  };
}

/** What checkHealth inspects: an open DataSource, or options to open (and close) one. */
export type HealthTarget = (DatabaseOptions | { dataSource: DataSource; config: DatabaseConfig }) & {
  /**
   * Seconds a running run may go without a heartbeat before the report shows it as abandoned (default:
   * `LLM_EVAL_HEARTBEAT_TIMEOUT`, else 120), as in initializeDatabase's option of that name.
   */
  heartbeatTimeoutSeconds?: number;
};

/**
 * Inspects a database. Pass an open DataSource to inspect it, or options to open (and close) one. The newest run's
 * status is the one run listing shows: `abandoned` for a running run whose writer is gone.
 */
export async function checkHealth(target: HealthTarget = {}): Promise<HealthReport> {
  let dataSource: DataSource;
  let config: DatabaseConfig;
  let owned = false;
  try {
    if ('dataSource' in target) {
      ({ dataSource, config } = target);
    } else {
      ({ dataSource, config } = createDataSource(target));
      owned = true;
    }
  } catch (error) {
    // only createDataSource throws here
    return unreachableHealthReport(backendOfUnreadableUrl(target as DatabaseOptions), '(invalid)', (error as Error).message);
  }
  const report = unreachableHealthReport(config.type, config.redactedUrl);
  try {
    if (!dataSource.isInitialized) await dataSource.initialize();
    report.latencyMs = await probe(dataSource, config);
    report.reachable = true;
    const known = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
    if (await tableExists(dataSource, MIGRATIONS_TABLE)) {
      const rows: Array<{ name: string }> = await dataSource.query(`SELECT "name" FROM "${MIGRATIONS_TABLE}" ORDER BY "timestamp"`);
      report.appliedMigrations = rows.map((r) => r.name);
    }
    report.pendingMigrations = known.filter((name) => !report.appliedMigrations.includes(name));
    report.schemaVersion = report.appliedMigrations.at(-1) ?? null;
    for (const table of TABLES) {
      if (!(await tableExists(dataSource, table))) continue;
      const [row] = await dataSource.query(`SELECT COUNT(*) AS "n" FROM "${table}"`);
      report.rowCounts[table] = Number(row.n);
    }
    report.sizeBytes = await sizeOf(dataSource, config);
    if (report.rowCounts.evaluation_runs) {
      const [latest] = await dataSource.query(
        `SELECT "id", "name", "status", "created_at", "updated_at", "writer_host", "writer_pid", "heartbeat_at" FROM "evaluation_runs" ORDER BY "created_at" DESC, "id" DESC LIMIT 1`,
      );
      if (latest) {
        // Judged at the database's clock, which heartbeats are stamped by (database-clock.ts).
        const run = latestRunOf(latest, await databaseNow(dataSource), target.heartbeatTimeoutSeconds);
        if ('reason' in run) report.unreadable.push({ part: 'latestRun', reason: run.reason });
        else report.latestRun = run;
      }
    }
    report.ok = report.pendingMigrations.length === 0;
    if (!report.ok) report.error = `${report.pendingMigrations.length} migration(s) pending; run \`llm-eval db init\`.`;
  } catch (error) {
    report.error = scrubSecret((error as Error)?.message ?? String(error), config);
    Object.defineProperty(report, 'failure', { value: error, enumerable: false });
  } finally {
    if (owned && dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
  }
  return report;
}
