import net from 'node:net';
import { DATABASE_KINDS, useServer } from './server-harness';

/**
 * A request from the proxy (127.0.0.1) over a raw socket, so that the user header carries exactly `userBytes` (Node's
 * HTTP client would re-encode a header string).
 */
function requestFromProxy(url: string, method: string, userBytes: Buffer, body?: unknown): Promise<{ status: number; body: any }> {
  const { hostname, port, pathname, search } = new URL(url);
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body), 'utf8');
  const head =
    `${method} ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n` +
    (body === undefined ? '' : `Content-Type: application/json\r\nContent-Length: ${payload.length}\r\n`) +
    'X-Forwarded-User: ';
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port), localAddress: '127.0.0.1' }, () => {
      // write, not end: a half-closed socket would have the server abort the request (Connection: close ends it).
      socket.write(Buffer.concat([Buffer.from(head, 'latin1'), userBytes, Buffer.from('\r\n\r\n', 'latin1'), payload]));
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text.startsWith('HTTP/')) return reject(new Error(`no HTTP response: ${JSON.stringify(text.slice(0, 200))}`));
      const [status, ...rest] = text.split('\r\n\r\n');
      const json = rest.join('\r\n\r\n');
      resolve({ status: Number(status!.split(' ')[1]), body: json ? JSON.parse(json) : null });
    });
  });
}

describe.each(DATABASE_KINDS)('a trusted proxy user named in UTF-8 on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens', trustedProxy: { addresses: ['127.0.0.1'], role: 'admin' } });

  it('stores the name as sent (createdBy and the audit actor), and finds the run by it', async () => {
    const name = 'José Müller 東京';
    const created = await requestFromProxy(`${api.baseUrl}/api/v1/runs`, 'POST', Buffer.from(name, 'utf8'), { name: 'by-jose' });
    expect(created.status).toBe(201);
    expect(created.body.createdBy).toBe(name);
    const found = await requestFromProxy(`${api.baseUrl}/api/v1/runs?createdBy=${encodeURIComponent(name)}`, 'GET', Buffer.from(name, 'utf8'));
    expect(found.status).toBe(200);
    expect(found.body.runs.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    const audit = await requestFromProxy(`${api.baseUrl}/api/v1/audit?action=run.created&limit=10`, 'GET', Buffer.from(name, 'utf8'));
    expect(audit.status).toBe(200);
    expect(audit.body.entries.map((e: { actor: string }) => e.actor)).toContain(name);
  });

  it('refuses a user header that is not valid UTF-8 with a 400 naming the header', async () => {
    const bad = await requestFromProxy(`${api.baseUrl}/api/v1/runs`, 'GET', Buffer.from([0x4a, 0x6f, 0x73, 0xe9]));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'headers.x-forwarded-user' } });
    expect(bad.body.error.message).toContain('x-forwarded-user');
    expect(bad.body.error.message).toContain('UTF-8');
  });
});
