import net from 'node:net';
import { DATABASE_KINDS, useServer } from './server-harness';
import { seedWorld, type World } from './access-world';

/** A raw HTTP/1.1 GET with the given header lines: the status and body (Node's own client would merge or refuse them). */
function rawGet(baseUrl: string, path: string, headerLines: string[]): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write([`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close', ...headerLines, '', ''].join('\r\n'));
    });
    let text = '';
    socket.on('data', (chunk) => (text += chunk));
    socket.on('error', reject);
    socket.on('end', () => resolve({ status: Number(text.slice(9, 12)), body: text.slice(text.indexOf('\r\n\r\n') + 4) }));
  });
}

// Two Authorization headers in one request were answered as the first one's (Node drops the others): a request
// carrying two credentials should not be served as whichever came first. It is a 400, as a repeated parameter is.
describe.each(DATABASE_KINDS)('a request with two Authorization headers, on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens' });
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(api.server.database, `repeated-auth-${kind}`);
  });

  it('is refused with 400 naming the header, and neither token is echoed', async () => {
    const res = await rawGet(api.baseUrl, '/api/v1/runs', [`Authorization: Bearer ${w.tokens.viewer}`, `Authorization: Bearer ${w.tokens.other}`]);
    expect(res.status).toBe(400);
    expect(res.body).toContain('Authorization header was sent 2 times');
    expect(res.body).not.toContain(w.tokens.viewer);
    expect(res.body).not.toContain(w.tokens.other);
  });

  it('one header is served as before', async () => {
    const res = await rawGet(api.baseUrl, '/api/v1/runs', [`Authorization: Bearer ${w.tokens.viewer}`]);
    expect(res.status).toBe(200);
  });
});
