import net from 'node:net';
import { DATABASE_KINDS, useServer } from './server-harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw connection to the server: what it answered (and when), as the server closes it or `waitMs` passes. */
function rawConnection(baseUrl: string) {
  const { hostname, port } = new URL(baseUrl);
  const socket = net.connect({ host: hostname, port: Number(port) });
  const chunks: Buffer[] = [];
  const startedAt = Date.now();
  const closed = new Promise<{ text: string; afterMs: number }>((resolve) => {
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), afterMs: Date.now() - startedAt }));
  });
  return {
    socket,
    async answer(waitMs: number): Promise<{ text: string; afterMs: number } | null> {
      const timer = sleep(waitMs).then(() => null);
      const result = await Promise.race([closed, timer]);
      socket.destroy();
      return result;
    },
  };
}

const head = (length: number) =>
  `POST /api/v1/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;

describe.each(DATABASE_KINDS)('a request body that stops arriving on %s', (kind) => {
  const api = useServer(kind, { bodyIdleTimeoutMs: 600 });

  it('is answered 408 once no byte has come for the idle timeout, and its connection closed', async () => {
    const connection = rawConnection(api.baseUrl);
    connection.socket.write(head(100_000) + '{"name":');
    const answer = await connection.answer(5_000);
    expect(answer).not.toBeNull();
    expect(answer!.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer!.text).toContain('"code":"invalid_request"');
    expect(answer!.text).toMatch(/no byte of the request body arrived for 0\.6 s/i);
    // The server still answers everyone else.
    expect((await api.json('/api/v1/runs')).status).toBe(200);
  });

  it('takes a slow but steady body that arrives over several idle timeouts', async () => {
    const body = JSON.stringify({ name: 'slow-and-steady', tags: ['x'.repeat(40)] });
    const connection = rawConnection(api.baseUrl);
    connection.socket.write(head(Buffer.byteLength(body)));
    const pieces = 8;
    const size = Math.ceil(body.length / pieces);
    // 8 pieces 300 ms apart: 2.4 s in all, four times the idle timeout, never idle for one.
    for (let i = 0; i < pieces; i++) {
      await sleep(300);
      connection.socket.write(body.slice(i * size, (i + 1) * size));
    }
    const answer = await connection.answer(5_000);
    expect(answer?.text).toMatch(/^HTTP\/1\.1 201 /);
  });

  it('does not cut a bodyless request that waits (a live event stream) after a body on the same connection', async () => {
    const connection = rawConnection(api.baseUrl);
    const body = JSON.stringify({ name: 'then-events' });
    connection.socket.write(head(Buffer.byteLength(body)).replace('Connection: close\r\n', '') + body);
    await sleep(100);
    connection.socket.write('GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
    // Three idle timeouts of an open stream: it is still open.
    expect(await connection.answer(2_000)).toBeNull();
  });
});
