import type { Database } from '@llm-eval/storage';
import { openSqliteReader, type SqliteReader } from '../sqlite-reader';

/** Tells, synchronously and exactly, whether the database changed since an earlier look. */
export interface DatabaseVersion {
  /** A value that differs after any commit by any connection or process; null when that cannot be told cheaply. */
  current(): string | null;
  close(): void;
}

const UNKNOWN: DatabaseVersion = { current: () => null, close: () => undefined };

/**
 * SQLite file: `PRAGMA data_version` on a connection of our own that never writes. SQLite changes it for every commit
 * made by any other connection — this server's TypeORM connection and other processes alike — and reading it costs
 * microseconds, so a cached response can be checked against it on every request and is never served after a write.
 * PostgreSQL (and SQLite `:memory:`) have no such synchronous check: notifications arrive after the commit, so
 * serving from a cache could show a client its own write missing; there the version is unknown and nothing is cached.
 */
export async function openDatabaseVersion(db: Database): Promise<DatabaseVersion> {
  const config = db.config;
  if (config.type !== 'sqlite' || config.database === ':memory:') return UNKNOWN;
  let connection: SqliteReader | null = await openSqliteReader(config.database, { readonly: true });
  return {
    current() {
      if (!connection) return null;
      try {
        return String(connection.pragma('data_version', { simple: true }));
      } catch {
        return null;
      }
    },
    close() {
      connection?.close();
      connection = null;
    },
  };
}
