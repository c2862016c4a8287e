import { DatabaseConnectionError, StorageError, type Database } from '../src';
import { toStorageError } from '../src/repositories/db-errors';
import { useMigratedDatabase } from './databases';

/**
 * PostgreSQL's 08P01 (protocol_violation) is in the "connection exception" class, but it is the statement that was
 * wrong (here more bound parameters than the protocol's 16-bit count can carry), not the connection: it must not be
 * reported as the database being unreachable (the server's 503, "check that the database is running").
 */
describe('a protocol violation on postgres', () => {
  const testDb = useMigratedDatabase('postgres');
  let db: Database;
  beforeAll(() => {
    db = testDb.db;
  });

  it('is a database error naming its code, not a lost connection, and the connection goes on working', async () => {
    const count = 70_000;
    const sql = `SELECT 1 AS "one" WHERE 1 IN (${Array.from({ length: count }, (_, i) => `$${i + 1}::int`).join(', ')})`;
    const raw = await db.dataSource.query(sql, Array.from({ length: count }, () => 1)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(raw).toBeDefined();
    const typed = toStorageError(raw);
    expect((raw as { driverError?: { code?: string } }).driverError?.code ?? (raw as { code?: string }).code).toBe('08P01');
    expect(typed).toBeInstanceOf(StorageError);
    expect(typed).not.toBeInstanceOf(DatabaseConnectionError);
    expect((typed as Error).message).toMatch(/08P01/);
    expect(await db.dataSource.query(`SELECT 1 AS "one"`)).toEqual([{ one: 1 }]);
  });
});
