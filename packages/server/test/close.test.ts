import net from 'node:net';
import { createTestDatabase, type TestDatabase } from '@llm-eval/test-databases';
import { createServer } from '../src';

describe('close()', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
  });
  afterAll(async () => testDb.drop());

  // Node counts a socket that connected but never sent a request as neither idle nor busy; without the grace period
  // close() waited for the socket's own timeout (about a minute).
  it('returns with a client connected that never sent a request, and the port is closed after it', async () => {
    const server = await createServer({ databaseUrl: testDb.url, port: 0 });
    const url = new URL(await server.listen());
    const socket = net.connect(Number(url.port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    const closedSocket = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await server.close();
    await closedSocket;
    await expect(fetch(`${url.origin}/healthz`)).rejects.toThrow();
  }, 15_000);
});
