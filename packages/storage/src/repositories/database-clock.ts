import type { DataSource, EntityManager } from 'typeorm';

/**
 * The clock run heartbeats are stamped and judged by. Writers and readers of a PostgreSQL database run on different
 * machines whose clocks may disagree by minutes: a heartbeat stamped by a writer whose clock runs behind the reader's
 * read as stale (its live run shown `abandoned`, recovered and pruned under it), one stamped ahead kept a killed run
 * `running` long past the timeout. So on PostgreSQL both sides use the server's clock (clock_timestamp(): the moment
 * of the statement, not of its transaction). A SQLite database is a file shared by processes of one host, and its
 * clock is that of the process reading it: there this process's clock serves as well.
 * @internal
 */
export const POSTGRES_NOW_SQL = 'clock_timestamp()';

/** The time by the database's clock: PostgreSQL's clock_timestamp(), or on SQLite this process's clock. @internal */
export async function databaseNow(db: DataSource | EntityManager): Promise<Date> {
  const type = 'options' in db ? db.options.type : db.connection.options.type;
  if (type !== 'postgres') return new Date();
  const [row] = await db.query(`SELECT ${POSTGRES_NOW_SQL} AS "now"`);
  // The pg driver reads a timestamptz as a Date.
  return row.now instanceof Date ? row.now : new Date(String(row.now));
}
