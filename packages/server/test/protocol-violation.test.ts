import { Client } from 'pg';
import { PG_ADMIN_URL } from '@llm-eval/test-databases';
import { databaseFailure } from '../src/database-failure';

/**
 * PostgreSQL's 08P01 (protocol_violation) belongs to the connection-exception class, but the connection is fine: it
 * was the statement (here 70,000 bound parameters, more than the protocol's 16-bit count). It must not become the
 * 503 "database unavailable" a client retries, or an operator's page that the database is down.
 */
describe('a protocol violation from PostgreSQL', () => {
  it('is not a database that is unavailable, and the connection goes on answering', async () => {
    const client = new Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    try {
      const count = 70_000;
      const sql = `SELECT 1 AS "one" WHERE 1 IN (${Array.from({ length: count }, (_, i) => `$${i + 1}::int`).join(', ')})`;
      const error = await client.query(sql, Array.from({ length: count }, () => 1)).then(
        () => undefined,
        (e: unknown) => e as { code?: string },
      );
      expect(error?.code).toBe('08P01');
      expect(databaseFailure(error)).not.toBe('unavailable');
      expect((await client.query('SELECT 1 AS "one"')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });
});
