import http from 'node:http';
import WebSocket from 'ws';
import { createTestDatabase, type TestDatabase } from '@llm-eval/test-databases';
import { createServer } from '../src';

// What a web page the user opens could make their browser do to a local `llm-eval serve` (no authentication, on
// loopback): a bodyless cross-site POST needs no preflight, a cross-site WebSocket is not covered by CORS, and a
// DNS-rebinding page reaches 127.0.0.1 under its own name. All three are refused; scripts, curl and the server's own
// dashboard are not affected.
function request(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function openSocket(url: string, origin?: string): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/events`, origin ? { origin } : {});
    socket.on('open', () => {
      socket.close();
      resolve({ opened: true });
    });
    socket.on('unexpected-response', (req, res) => {
      // With this listener, ending the refused request is ours to do.
      req.destroy();
      resolve({ opened: false, status: res.statusCode });
    });
    socket.on('error', () => resolve({ opened: false }));
  });
}

describe('a local server without authentication, against cross-site requests', () => {
  let testDb: TestDatabase;
  let server: Awaited<ReturnType<typeof createServer>>;
  let base: string;
  let host: string;
  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    server = await createServer({ databaseUrl: testDb.url, port: 0 });
    base = await server.listen();
    host = new URL(base).host;
  });
  afterAll(async () => {
    await server?.close();
    await testDb?.drop();
  });

  const createRun = async (name: string) => {
    const r = await request(`${base}/api/v1/runs`, 'POST', { 'content-type': 'application/json' }, JSON.stringify({ name }));
    expect(r.status).toBe(201);
    return JSON.parse(r.body).id as string;
  };

  it('refuses a cross-site POST (no body, no preflight) and takes the same request from its own origin or without one', async () => {
    const id = await createRun('victim');
    const forged = await request(`${base}/api/v1/runs/latest/cancel`, 'POST', { origin: 'http://evil.example' });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).error).toMatchObject({ code: 'forbidden' });
    expect(JSON.parse(forged.body).error.message).toContain('Cross-origin request refused: Origin "http://evil.example" is not this server');
    const opaque = await request(`${base}/api/v1/runs/${id}/cancel`, 'POST', { origin: 'null' });
    expect(opaque.status).toBe(403);
    expect((await server.database.runs.requireRun(id)).status).toBe('running');
    const own = await request(`${base}/api/v1/runs/${id}/cancel`, 'POST', { origin: base });
    expect(own.status).toBe(200);
    expect((await server.database.runs.requireRun(id)).status).toBe('cancelled');
    // Behind a reverse proxy: the page's Origin is the public name the proxy forwards in X-Forwarded-Host.
    const proxied = await createRun('behind a proxy');
    const viaProxy = await request(`${base}/api/v1/runs/${proxied}/cancel`, 'POST', { origin: 'https://evals.example.com', 'x-forwarded-host': 'evals.example.com' });
    expect(viaProxy.status).toBe(200);
    // Reads are not refused (a cross-site page cannot read the answer anyway: no CORS headers).
    expect((await request(`${base}/api/v1/runs?limit=1`, 'GET', { origin: 'http://evil.example' })).status).toBe(200);
  });

  it('answers only loopback names: a DNS-rebinding page gets 403 for reads and writes', async () => {
    const port = new URL(base).port;
    for (const name of [`attacker.example:${port}`, `127.0.0.1.nip.io:${port}`, 'evil']) {
      const read = await request(`${base}/api/v1/runs?limit=1`, 'GET', { host: name });
      expect(read.status).toBe(403);
      expect(read.body).toContain('without authentication this server answers only loopback names');
      expect(read.body).not.toContain('victim');
    }
    for (const name of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST:${port}`]) {
      expect((await request(`${base}/api/v1/runs?limit=1`, 'GET', { host: name })).status).toBe(200);
    }
  });

  it('refuses a cross-site live-events WebSocket, and takes its own and an Origin-less one', async () => {
    expect(await openSocket(base, 'http://evil.example')).toEqual({ opened: false, status: 403 });
    expect(await openSocket(base, `http://${host}`)).toEqual({ opened: true });
    expect(await openSocket(base)).toEqual({ opened: true });
  });
});

describe('with authentication on', () => {
  let testDb: TestDatabase;
  let server: Awaited<ReturnType<typeof createServer>>;
  let base: string;
  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    server = await createServer({ databaseUrl: testDb.url, port: 0, auth: 'tokens' });
    base = await server.listen();
  });
  afterAll(async () => {
    await server?.close();
    await testDb?.drop();
  });

  it('serves any Host name (a token is needed anyway) but still refuses cross-site writes', async () => {
    const { secret } = await server.database.tokens.create({ name: 'ci', role: 'admin', projects: '*' });
    const auth = { authorization: `Bearer ${secret}` };
    expect((await request(`${base}/api/v1/runs?limit=1`, 'GET', { ...auth, host: 'evals.example.com' })).status).toBe(200);
    const forged = await request(`${base}/api/v1/runs/latest/cancel`, 'POST', { ...auth, origin: 'http://evil.example' });
    expect(forged.status).toBe(403);
  });
});
