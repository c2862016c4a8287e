import type { DataSource } from 'typeorm';

/** What differs between SQLite and PostgreSQL in the SQL we write by hand. @internal */
export interface SqlDialect {
  kind: 'sqlite' | 'postgres';
  /** Placeholder for the n-th (1-based) bound parameter. */
  param(n: number): string;
  /** Largest number of bound parameters one statement may carry. */
  maxParams: number;
  /** A timestamp as the driver must bind it for comparisons against stored values. */
  timestamp(value: Date): string | Date;
  /** A JSON value as the driver must bind it. */
  json(value: unknown): string | null;
}

function utcDatetime(d: Date): string {
  // The exact format TypeORM writes for SQLite datetime columns, so stored and bound values compare as text.
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

const SQLITE: SqlDialect = {
  kind: 'sqlite',
  param: () => '?',
  maxParams: 32_766,
  timestamp: utcDatetime,
  json: (v) => (v === undefined || v === null ? null : JSON.stringify(v)),
};

const POSTGRES: SqlDialect = {
  kind: 'postgres',
  param: (n) => `$${n}`,
  maxParams: 65_535,
  timestamp: (d) => d,
  json: (v) => (v === undefined || v === null ? null : JSON.stringify(v)),
};

/** The dialect of a DataSource. @internal */
export function dialectOf(dataSource: DataSource): SqlDialect {
  return dataSource.options.type === 'postgres' ? POSTGRES : SQLITE;
}

/** Escapes LIKE wildcards so user text matches literally (used with ESCAPE '\'). @internal */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
