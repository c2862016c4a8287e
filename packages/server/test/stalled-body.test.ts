import net from 'node:net';
import { DATABASE_KINDS, useServer } from './server-harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw connection to the server: what it answered (and when), as the server closes it or `waitMs` passes. */
function rawConnection(baseUrl: string) {
  const { hostname, port } = new URL(baseUrl);
  const socket = net.connect({ host: hostname, port: Number(port) });
  const chunks: Buffer[] = [];
  const closed = new Promise<{ text: string }>((resolve) => {
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8') }));
  });
  return {
    socket,
    async answer(waitMs: number): Promise<{ text: string } | null> {
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
  const api = useServer(kind, { bodyIdleTimeoutMs: 800 });

  it('is answered 408 once no byte has come for the idle timeout, and its connection closed', async () => {
    const connection = rawConnection(api.baseUrl);
    connection.socket.write(head(100_000) + '{"name":');
    const answer = await connection.answer(5_000);
    expect(answer).not.toBeNull();
    expect(answer!.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer!.text).toContain('"code":"invalid_request"');
    expect(answer!.text).toMatch(/no byte of the request body arrived for 0\.8 s/i);
    // The server still answers everyone else.
    expect((await api.json('/api/v1/runs')).status).toBe(200);
  });

  it('takes a slow but steady body that arrives over several idle timeouts', async () => {
    const body = JSON.stringify({ name: 'slow-and-steady', tags: ['x'.repeat(40)] });
    const connection = rawConnection(api.baseUrl);
    connection.socket.write(head(Buffer.byteLength(body)));
    const pieces = 12;
    const size = Math.ceil(body.length / pieces);
    // 12 pieces 200 ms apart: 2.4 s in all, three times the idle timeout, never idle for a quarter of one (so a
    // loaded machine delaying a write by a few hundred milliseconds does not make it look stalled).
    for (let i = 0; i < pieces; i++) {
      await sleep(200);
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
    expect(await connection.answer(2_400)).toBeNull();
  });
});

describe.each(DATABASE_KINDS)('a request answered before its body arrived on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens' });

  // A 401 from the authentication hook is sent before the body is read; Node then discards the rest of the body, and
  // the request's 'end' came after Node had armed the keep-alive timeout, which clearing the body's idle timeout then
  // cleared too: the client could hold the idle connection forever.
  it('keeps the keep-alive timeout, so the idle connection is closed by the server', async () => {
    api.server.app.server.keepAliveTimeout = 500;
    const body = JSON.stringify({ name: 'never-authorized' });
    const connection = rawConnection(api.baseUrl);
    const received: Buffer[] = [];
    connection.socket.on('data', (chunk) => received.push(chunk));
    connection.socket.write(head(Buffer.byteLength(body)).replace('Connection: close\r\n', '') + body.slice(0, 5));
    const deadline = Date.now() + 10_000;
    while (!Buffer.concat(received).toString('utf8').includes('\r\n\r\n') && Date.now() < deadline) await sleep(20);
    expect(Buffer.concat(received).toString('utf8')).toMatch(/^HTTP\/1\.1 401 /);
    connection.socket.write(body.slice(5));
    // Closed by the server within 10 s of the body's end (its keep-alive timeout is 0.5 s; the bug held it for ever).
    const answer = await connection.answer(10_000);
    expect(answer).not.toBeNull();
  });
});
