/** The parts of better-sqlite3 the server's own read connections use. */
export interface SqliteReader {
  pragma(source: string, options: { simple: true }): unknown;
  prepare(sql: string): { all(params: unknown[]): Array<Record<string, unknown>> };
  close(): void;
}

/**
 * Opens a connection of the server's own to a SQLite file, beside storage's: the change watcher and the response
 * cache read `PRAGMA data_version` on it, which only moves for commits made by other connections. better-sqlite3 is an
 * optional peer dependency, loaded only for SQLite (named through a variable: it has no bundled types).
 */
export async function openSqliteReader(file: string, options: { readonly?: boolean; timeout?: number } = {}): Promise<SqliteReader> {
  const driverPackage = 'better-sqlite3';
  const mod = (await import(driverPackage)) as { default?: unknown };
  const Driver = (mod.default ?? mod) as new (file: string, options: Record<string, unknown>) => SqliteReader;
  return new Driver(file, { fileMustExist: true, ...options });
}
