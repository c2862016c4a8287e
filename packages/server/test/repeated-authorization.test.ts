import net from 'node:net';
import WebSocket from 'ws';
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

/** A WebSocket upgrade of the events route: 101 when it opened, else the status and body the upgrade was answered with. */
function upgrade(baseUrl: string, query: string, protocols: string[], headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v1/events${query}`, protocols, { headers });
    socket.once('open', () => {
      socket.close();
      resolve({ status: 101, body: '' });
    });
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.once('error', reject);
  });
}

// The events route also takes its token as ?access_token= and as an llm-eval.bearer.<token> WebSocket subprotocol.
// A request giving a token in two places (or two subprotocols) was answered as the header's (or the first one's)
// without a word, whatever the other was: it is a 400 saying to send one credential, as two headers are.
describe.each(DATABASE_KINDS)('a live-events request carrying more than one credential, on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens' });
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(api.server.database, `several-credentials-${kind}`);
  });
  const ONE = /^The request carries more than one API token \(.*\): send exactly one credential, in one place/;

  it.each([
    ['the same token', (t: World['tokens']) => t.viewer],
    ["another project's token", (t: World['tokens']) => t.other],
    ['garbage', () => 'not a token!'],
  ])('an Authorization header and ?access_token= (%s) is a 400 for SSE and WebSocket alike', async (_label, token) => {
    const query = `?access_token=${encodeURIComponent(token(w.tokens))}`;
    const authorization = `Bearer ${w.tokens.viewer}`;
    const sse = await api.json(`/api/v1/events${query}`, { headers: { authorization } });
    expect(sse.status).toBe(400);
    expect(sse.body.error.message).toMatch(ONE);
    expect(sse.body.error.message).toContain('the Authorization header, the access_token query parameter');
    expect(JSON.stringify(sse.body)).not.toContain(w.tokens.viewer);
    const ws = await upgrade(api.baseUrl, query, ['llm-eval.v1'], { authorization });
    expect(ws.status).toBe(400);
    expect(JSON.parse(ws.body).error.message).toMatch(ONE);
  });

  it('two bearer subprotocols, or a header and one, are a 400 naming them, never a value', async () => {
    const two = await upgrade(api.baseUrl, '', ['llm-eval.v1', `llm-eval.bearer.${w.tokens.viewer}`, `llm-eval.bearer.${w.tokens.other}`]);
    expect(two.status).toBe(400);
    expect(JSON.parse(two.body).error.message).toMatch(ONE);
    expect(JSON.parse(two.body).error.message).toContain('2 llm-eval.bearer.<token> WebSocket subprotocols');
    expect(two.body).not.toContain(w.tokens.viewer);
    expect(two.body).not.toContain(w.tokens.other);
    const headerToo = await upgrade(api.baseUrl, '', ['llm-eval.v1', `llm-eval.bearer.${w.tokens.other}`], { authorization: `Bearer ${w.tokens.viewer}` });
    expect(headerToo.status).toBe(400);
    expect(JSON.parse(headerToo.body).error.message).toContain('the Authorization header, an llm-eval.bearer.<token> WebSocket subprotocol');
    const queryToo = await upgrade(api.baseUrl, `?access_token=${w.tokens.viewer}`, ['llm-eval.v1', `llm-eval.bearer.${w.tokens.viewer}`]);
    expect(queryToo.status).toBe(400);
  });

  it('one credential, in any of the three places, is served as before', async () => {
    const query = `?access_token=${encodeURIComponent(w.tokens.viewer)}`;
    const abort = new AbortController();
    const sse = await fetch(`${api.baseUrl}/api/v1/events${query}`, { signal: abort.signal });
    expect(sse.status).toBe(200);
    abort.abort();
    expect((await upgrade(api.baseUrl, query, ['llm-eval.v1'])).status).toBe(101);
    expect((await upgrade(api.baseUrl, '', ['llm-eval.v1', `llm-eval.bearer.${w.tokens.viewer}`])).status).toBe(101);
    expect((await upgrade(api.baseUrl, '', ['llm-eval.v1'], { authorization: `Bearer ${w.tokens.viewer}` })).status).toBe(101);
  });
});
