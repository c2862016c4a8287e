import { openSqliteReader, type SqliteReader } from '../sqlite-reader';
import {
  dialectOf,
  latestRunChangeId,
  parseRunChangePayload,
  readRunChangesSince,
  readRunningRunSnapshots,
  readRunSnapshots,
  RUN_CHANGES_CHANNEL,
  type Database,
  type PostgresConfig,
  type ReadQuery,
  type RunChange,
  type RunSnapshot,
  type SqliteConfig,
} from '@llm-eval/storage';

/** What changed since the last poll: the changes in commit order and the rows of the runs they name, read after. */
export interface ChangeBatch {
  changes: RunChange[];
  snapshots: Map<string, RunSnapshot>;
}

/** What the watcher already knows of runs, for a resynchronisation to tell new runs from ones it announced. */
export interface KnownRuns {
  /** Ids of the running runs followed now. */
  trackedIds(): string[];
  /** Whether the run was read before (followed, or read finished): a change of it is not its creation. */
  knows(runId: string): boolean;
  /** Ids of the runs read finished and not reported deleted. */
  finishedIds(): string[];
}

/** Where the watcher learns of run writes made by any process. */
export interface ChangeSource {
  /** The changes since the last poll, or null when nothing changed. `known`: what the caller read before (resync). */
  poll(known: KnownRuns): Promise<ChangeBatch | null>;
  /**
   * Makes sure the next poll sees every change committed before this call (catch-up before a delete). SQLite's next
   * poll always does (data_version moves at each commit); a PostgreSQL notification may still be on its way.
   */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Logs what goes wrong in the background (Fastify's logger, or nothing). */
export interface WatchLog {
  warn(obj: unknown, msg?: string): void;
}

/** Changes read per poll on SQLite (a backlog continues on the next poll). */
const SQLITE_CHANGES_PER_POLL = 2_000;
/** Notifications held between two polls on PostgreSQL; past this the watcher resynchronises instead of queueing. */
const MAX_BUFFERED_NOTIFICATIONS = 50_000;

async function withSnapshots(query: ReadQuery, db: Database, changes: RunChange[]): Promise<ChangeBatch> {
  const ids = [...new Set(changes.map((c) => c.runId))];
  const rows = ids.length ? await readRunSnapshots(query, dialectOf(db.dataSource), ids) : [];
  return { changes, snapshots: new Map(rows.map((r) => [r.id, r])) };
}

/**
 * SQLite: `PRAGMA data_version` on the watcher's own connection to the file, every poll. It changes only when another
 * connection commits — and since this connection never writes, every commit (other processes', and this server's own
 * through its TypeORM connection) moves it. A poll where it did not move costs one pragma and no query; when it moved,
 * the run_changes rows after the last seen id say which runs changed (one primary-key range), and those runs are read
 * by primary key. A `:memory:` database is private to its connection, so there the watcher reads run_changes through
 * the server's own DataSource every poll (only this process can write it).
 */
export class SqliteChangeSource implements ChangeSource {
  private lastVersion: unknown = undefined;
  private backlog = false;
  private readonly statements = new Map<string, ReturnType<SqliteReader['prepare']>>();

  private constructor(
    private readonly db: Database,
    private readonly connection: SqliteReader | null,
    private afterId: number,
  ) {}

  static async open(db: Database, config: SqliteConfig): Promise<SqliteChangeSource> {
    let connection: SqliteReader | null = null;
    if (config.database !== ':memory:') {
      connection = await openSqliteReader(config.database, { timeout: config.busyTimeoutMs });
    }
    const source = new SqliteChangeSource(db, connection, 0);
    source.afterId = await latestRunChangeId(source.query);
    source.lastVersion = connection?.pragma('data_version', { simple: true });
    return source;
  }

  /** A read on the watcher's own connection (statements prepared once), or on the DataSource for :memory:. */
  private readonly query: ReadQuery = (sql, params) => {
    if (!this.connection) return this.db.dataSource.query(sql, params);
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= 64) this.statements.clear();
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement.all(params);
  };

  async poll(): Promise<ChangeBatch | null> {
    if (this.connection && !this.backlog) {
      const version = this.connection.pragma('data_version', { simple: true });
      if (version === this.lastVersion) return null;
      this.lastVersion = version;
    }
    const stored = await readRunChangesSince(this.query, this.afterId, SQLITE_CHANGES_PER_POLL);
    this.backlog = stored.length === SQLITE_CHANGES_PER_POLL;
    if (stored.length === 0) return null;
    this.afterId = stored[stored.length - 1]!.id;
    return withSnapshots(this.query, this.db, stored.map(({ id: _id, ...change }) => change));
  }

  async settle(): Promise<void> {}

  async close(): Promise<void> {
    this.statements.clear();
    this.connection?.close();
  }
}

/** The parts of pg's Client used here (pg is an optional peer dependency: loaded only for PostgreSQL). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'notification', listener: (n: { channel: string; payload?: string }) => void): void;
  on(event: 'error' | 'end', listener: (error?: Error) => void): void;
}

/**
 * PostgreSQL: LISTEN on a dedicated connection (not one of the pool's: a pooled connection is handed to queries and
 * may be closed when idle). Writers notify inside their transactions (storage's run-changes.ts), so a notification
 * arrives within milliseconds of the commit and never for a rollback; they are buffered and read in polls, so a
 * burst of item batches costs one read of each run per poll. If the connection drops, the watcher reconnects with
 * backoff (never crashing the server) and then resynchronises, since notifications sent meanwhile are lost: it reads
 * every running run and every run it was following, and reports what changed.
 */
export class PostgresChangeSource implements ChangeSource {
  private client: PgClient | null = null;
  private buffer: RunChange[] = [];
  private resync = false;
  private lostAt = 0;
  private closed = false;
  private retryDelay = 250;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly query: ReadQuery;

  private constructor(
    private readonly db: Database,
    private readonly config: PostgresConfig,
    private readonly log?: WatchLog,
  ) {
    this.query = (sql, params) => db.dataSource.query(sql, params);
  }

  static async open(db: Database, config: PostgresConfig, log?: WatchLog): Promise<PostgresChangeSource> {
    const source = new PostgresChangeSource(db, config, log);
    await source.connect(false);
    return source;
  }

  private async connect(afterLoss: boolean): Promise<void> {
    if (this.closed) return;
    const mod = (await import('pg')) as unknown as { Client?: unknown; default?: { Client: unknown } };
    const Client = (mod.Client ?? mod.default!.Client) as new (options: Record<string, unknown>) => PgClient;
    const client = new Client({
      host: this.config.host,
      port: this.config.port,
      user: this.config.username,
      password: this.config.password,
      database: this.config.database,
      ssl: this.config.ssl,
      application_name: `${this.config.applicationName} live events`.slice(0, 63),
      connectionTimeoutMillis: this.config.connectTimeoutMs,
      keepAlive: true,
    });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      void client.end().catch(() => undefined);
      if (this.closed) return;
      this.lostAt = Date.now();
      this.log?.warn({ err: error?.message }, 'live events: the PostgreSQL LISTEN connection was lost; reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (n) => {
      if (n.channel !== RUN_CHANGES_CHANNEL || !n.payload) return;
      const change = parseRunChangePayload(n.payload);
      if (!change) return;
      if (this.buffer.length >= MAX_BUFFERED_NOTIFICATIONS) {
        // Far behind: forget the details and read the current state instead (bounded memory).
        this.buffer = [];
        this.resync = true;
        return;
      }
      this.buffer.push(change);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${RUN_CHANGES_CHANNEL}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryDelay = 250;
    if (afterLoss) this.resync = true;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, 10_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect(true);
    }, delay);
    this.retryTimer.unref();
  }

  /**
   * One round trip on the LISTEN connection: PostgreSQL sends a listening session the notifications of transactions
   * committed before it at the latest just before answering a query, so once it answers they are in the buffer.
   */
  async settle(): Promise<void> {
    await this.client?.query('SELECT 1').catch(() => undefined);
  }

  async poll(known: KnownRuns): Promise<ChangeBatch | null> {
    if (this.resync && this.client) {
      this.resync = false;
      const buffered = this.buffer;
      this.buffer = [];
      return this.resynchronise(known, buffered);
    }
    if (this.buffer.length === 0) return null;
    const changes = this.buffer;
    this.buffer = [];
    return withSnapshots(this.query, this.db, changes);
  }

  /**
   * After lost notifications: every running run and every run written since the connection was lost (new ones as
   * created), every followed run and every run read finished (changed, or gone: a deletion's signal was lost too),
   * then the notifications that arrived since reconnecting.
   * A run counts as new only if created since then and never read before: `since` reaches back a few seconds for
   * clocks, and a run created and announced just before the loss and changed during it (a cancel finalised with its
   * duration and totals) is a change of a known run (run.updated), not a creation that finishes again.
   */
  private async resynchronise(known: KnownRuns, buffered: RunChange[]): Promise<ChangeBatch> {
    const since = new Date(this.lostAt - 5_000);
    const current = await readRunningRunSnapshots(this.query, dialectOf(this.db.dataSource), { changedSince: since });
    const tracked = known.trackedIds();
    const followed = new Set(tracked);
    const changes: RunChange[] = [];
    for (const run of current) {
      if (followed.has(run.id)) continue;
      const created = run.createdAt.getTime() >= since.getTime() && !known.knows(run.id);
      changes.push({ runId: run.id, kind: created ? 'created' : 'updated' });
    }
    for (const id of tracked) changes.push({ runId: id, kind: 'updated' });
    const named = new Set(changes.map((c) => c.runId));
    for (const id of known.finishedIds()) if (!named.has(id)) changes.push({ runId: id, kind: 'updated' });
    changes.push(...buffered);
    return withSnapshots(this.query, this.db, changes);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    this.buffer = [];
    await client?.end().catch(() => undefined);
  }
}

/** The change source for a database. */
export async function openChangeSource(db: Database, log?: WatchLog): Promise<ChangeSource> {
  return db.config.type === 'postgres' ? PostgresChangeSource.open(db, db.config, log) : SqliteChangeSource.open(db, db.config);
}
