import { createTestDatabase, type TestDatabase } from '@llm-eval/test-databases';
import { createServer, type LlmEvalServer } from '../src';
import type { ServerOptions } from '../src/server-options';

/** The password put into the PostgreSQL URL: no response may ever contain it. */
export const DATABASE_PASSWORD = 'Pw-never-in-a-response-7c1e9a';

/** A listening server whose database URL carries a password (PostgreSQL), reached over real HTTP. */
export interface SecretServer {
  readonly server: LlmEvalServer;
  readonly baseUrl: string;
  /** The password in the database URL, or null (SQLite URLs have none). */
  readonly password: string | null;
}

/**
 * Like server-harness's useServer, but the PostgreSQL URL carries a password. The test server trusts local
 * connections, so the password is never checked, yet the server holds it in its configuration exactly as a
 * production deployment would: every response can then be searched for it.
 */
export function useSecretServer(kind: 'sqlite' | 'postgres', options: Omit<ServerOptions, 'database' | 'databaseUrl'> = {}): SecretServer {
  let testDb: TestDatabase | undefined;
  let server: LlmEvalServer | undefined;
  let baseUrl = '';
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    let url = testDb.url;
    if (kind === 'postgres') {
      const withPassword = new URL(url);
      withPassword.password = DATABASE_PASSWORD;
      url = withPassword.toString();
    }
    server = await createServer({ ...options, databaseUrl: url, port: 0 });
    baseUrl = await server.listen();
  });
  afterAll(async () => {
    await server?.close();
    await testDb?.drop();
  });
  return {
    get server() {
      return server!;
    },
    get baseUrl() {
      return baseUrl;
    },
    password: kind === 'postgres' ? DATABASE_PASSWORD : null,
  };
}
