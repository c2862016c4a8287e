import { createTestDatabase, type TestDatabase } from '@llm-eval/test-databases';
import { initializeDatabase, type Database } from '../src';

export { createTestDatabase, DATABASE_KINDS, PG_ADMIN_URL } from '@llm-eval/test-databases';
export type { TestDatabase } from '@llm-eval/test-databases';

/**
 * Registers beforeAll/afterAll that create a fresh database of `kind`, initialize it, and drop it afterwards.
 * Read `.db` and `.url` inside tests.
 */
export function useMigratedDatabase(kind: 'sqlite' | 'postgres'): { readonly db: Database; readonly url: string } {
  let testDb: TestDatabase | undefined;
  let db: Database | undefined;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    db = await initializeDatabase({ url: testDb.url });
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });
  return {
    get db() {
      return db!;
    },
    get url() {
      return testDb!.url;
    },
  };
}
