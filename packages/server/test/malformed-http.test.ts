import * as net from 'node:net';
import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

/** Sends `text` as written over a new connection, half-closes it, and resolves with all the server answered. */
function rawExchange(api: TestServer, text: string): Promise<string> {
  const { hostname, port } = new URL(api.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.end(text);
  });
}

/** The status line, the headers (lower-cased names) and the JSON body of a raw HTTP answer. */
function parseAnswer(answer: string): { status: number; headers: Record<string, string>; body: any } {
  const [head, ...rest] = answer.split('\r\n\r\n');
  const [statusLine, ...headerLines] = head!.split('\r\n');
  const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine!.split(' ')[1]), headers, body: JSON.parse(rest.join('\r\n\r\n')) };
}

// Node's HTTP parser refuses these before any route runs; Fastify's default answer had a shape of its own
// ({ error: "Bad Request", message: "Client Error", statusCode: 400 }), not the API's one error shape.
describe.each(DATABASE_KINDS)('requests HTTP cannot parse (a Content-Length that lies), on %s', (kind) => {
  const api = useServer(kind);

  it('are answered 400 in the one error shape, store nothing, and leave the server answering', async () => {
    const run = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'lies' } });
    const body = JSON.stringify({ items: [{ itemId: 'told-by-a-liar' }] });
    const head = (lengthHeaders: string) =>
      `POST /api/v1/runs/${run.body.id}/items HTTP/1.1\r\nHost: ${new URL(api.baseUrl).host}\r\nContent-Type: application/json\r\n${lengthHeaders}\r\n`;
    const lies = [
      head(`Content-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n`) + body,
      head('Content-Length: -1\r\n') + body,
      head('Content-Length: 99999999999999999999\r\n') + body,
      head(`Content-Length: ${body.length}\r\nContent-Length: ${body.length + 1}\r\n`) + body,
    ];
    for (const lie of lies) {
      const answer = parseAnswer(await rawExchange(api, lie));
      expect({ lie: lie.split('\r\n').filter((l) => /length|encoding/i.test(l)), status: answer.status, type: answer.headers['content-type'] }).toEqual({
        lie: expect.anything(),
        status: 400,
        type: expect.stringMatching(/^application\/json/),
      });
      expect(answer.body).toEqual({
        error: { code: 'invalid_request', message: expect.stringMatching(/^The request is not valid HTTP.*Content-Length/), details: {} },
      });
    }
    const items = await api.json(`/api/v1/runs/${run.body.id}/items`);
    expect({ status: items.status, items: items.body.items }).toEqual({ status: 200, items: [] });
  });

  // The 431 said "the request headers are larger than this server accepts" when only the URL was long: it names the
  // request line (URL) and headers together, and the limit.
  it('answers a request line and headers too large to read (a 17 kB query string) 431 in the one error shape, saying to shorten the URL', async () => {
    const res = await api.json(`/api/v1/runs?q=${'x'.repeat(17_000)}`);
    expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({ status: 431, type: expect.stringMatching(/^application\/json/) });
    expect(res.body).toEqual({
      error: {
        code: 'invalid_request',
        message:
          'The request line (URL) and headers together are larger than this server accepts (16 KiB); ' +
          'shorten the URL or its query string (or the headers) and send it again.',
        details: {},
      },
    });
  });
});
