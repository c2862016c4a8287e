import { createTestDatabase, type TestDatabase } from '@llm-eval/test-databases';
import { createServer, type LlmEvalServer } from '../src';
import type { ServerOptions } from '../src/server-options';

export { DATABASE_KINDS } from '@llm-eval/test-databases';

/** A listening server over a fresh database, reached over real HTTP. */
export interface TestServer {
  readonly server: LlmEvalServer;
  /** http://127.0.0.1:PORT */
  readonly baseUrl: string;
  /** The database URL (for subprocesses that write into the same database). */
  readonly databaseUrl: string;
  /** fetch() against the server; `path` starts with /. */
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** A request whose JSON body is returned with the status. */
  json<T = any>(path: string, init?: RequestInit & { json?: unknown }): Promise<{ status: number; body: T; headers: Headers }>;
}

/**
 * Registers beforeAll/afterAll that create a fresh database of `kind`, start createServer on a free port over it,
 * and stop and drop both afterwards.
 */
export function useServer(kind: 'sqlite' | 'postgres', options: Omit<ServerOptions, 'database' | 'databaseUrl'> = {}): TestServer {
  let testDb: TestDatabase | undefined;
  let server: LlmEvalServer | undefined;
  let baseUrl = '';
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    server = await createServer({ ...options, databaseUrl: testDb.url, port: 0 });
    baseUrl = await server.listen();
  });
  afterAll(async () => {
    await server?.close();
    await testDb?.drop();
  });
  const request = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set('content-type', 'application/json');
    return fetch(baseUrl + path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  };
  return {
    get server() {
      return server!;
    },
    get baseUrl() {
      return baseUrl;
    },
    get databaseUrl() {
      return testDb!.url;
    },
    request,
    async json(path, init) {
      const response = await request(path, init);
      const text = await response.text();
      let body: unknown;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        throw new Error(`${init?.method ?? 'GET'} ${path} answered ${response.status} with non-JSON: ${text.slice(0, 300)}`);
      }
      return { status: response.status, body: body as any, headers: response.headers };
    },
  };
}
