import type { Database } from '@llm-eval/storage';

/**
 * What tells one PostgreSQL database from every other: its cluster's system identifier (set once by initdb, the same
 * from every host name and port that reaches it) and its name. A run records its submitter's, so a worker started with
 * another database's URL knows the run is not its to store, rather than take the run for deleted (which cancelled it
 * for every worker). Undefined when the server cannot say (a PostgreSQL-compatible database without pg_control_system).
 * @internal
 */
export async function databaseFingerprint(db: Database): Promise<string | undefined> {
  try {
    const [row] = (await db.dataSource.query(
      'SELECT (SELECT system_identifier::text FROM pg_control_system()) AS "system", current_database() AS "name"',
    )) as Array<{ system: string | null; name: string | null }>;
    return row?.system && row.name ? `${row.system}/${row.name}` : undefined;
  } catch {
    return undefined;
  }
}
