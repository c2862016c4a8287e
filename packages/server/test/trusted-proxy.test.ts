import http from 'node:http';
import { createServer, ServerConfigError } from '../src';
import { DATABASE_KINDS, useServer } from './server-harness';
import { seedWorld, type World } from './access-world';

/** A GET over a socket bound to `localAddress`, so the server sees that address as the TCP peer. */
function getFrom(localAddress: string, url: string, headers: Record<string, string | string[]>): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { localAddress, headers, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    request.on('error', reject);
  });
}

describe.each(DATABASE_KINDS)('trusted proxy users on %s', (kind) => {
  // 127.0.0.1 is the proxy; a client connecting from 127.0.0.2 is anyone else on the network.
  const api = useServer(kind, { auth: 'tokens', trustedProxy: { addresses: ['127.0.0.1'], userHeader: 'x-auth-user', role: 'editor', projects: ['alpha'] } });
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(api.server.database, `proxy-${kind}`);
  });

  it("takes the user from the proxy's header, with the configured role and projects, and records them as creator", async () => {
    const list = await getFrom('127.0.0.1', `${api.baseUrl}/api/v1/runs?limit=100`, { 'x-auth-user': 'alice@example.com' });
    expect(list.status).toBe(200);
    expect(new Set(list.body.runs.map((r: { projectId: string }) => r.projectId))).toEqual(new Set(['alpha']));
    const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'by-alice' }, headers: { 'x-auth-user': 'alice@example.com' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ createdBy: 'alice@example.com', projectId: 'alpha' });
  });

  it('ignores the header from any other address (and X-Forwarded-For does not help): a token is still required', async () => {
    const spoofed = await getFrom('127.0.0.2', `${api.baseUrl}/api/v1/runs`, { 'x-auth-user': 'alice@example.com', 'x-forwarded-for': '127.0.0.1' });
    expect(spoofed.status).toBe(401);
    expect(spoofed.body.error.code).toBe('unauthorized');
    const withToken = await getFrom('127.0.0.2', `${api.baseUrl}/api/v1/runs?limit=100`, { 'x-auth-user': 'alice@example.com', authorization: `Bearer ${w.tokens.other}` });
    expect(withToken.status).toBe(200);
    expect(withToken.body.runs.map((r: { id: string }) => r.id)).toEqual([w.beta.id]);
  });

  it.each(['token:ci#0b9d2a0e-5d5c-4f4e-9a57-2b8f5f2b1a11', 'TOKEN:ci', 'cli:root', 'server:retention', 'local', 'proxy:alice', 'address:10.0.0.9', 'authenticated', 'Authenticated'])(
    'refuses a proxy user named like another kind of audit actor (%s): no request passes as it',
    async (user) => {
      const created = await getFrom('127.0.0.1', `${api.baseUrl}/api/v1/runs`, { 'x-auth-user': user });
      expect(created.status).toBe(401);
      // The same request with a real user name passes: only the reserved name is refused.
      expect((await getFrom('127.0.0.1', `${api.baseUrl}/api/v1/runs`, { 'x-auth-user': `user-${user.length}` })).status).toBe(200);
    },
  );

  it('refuses a request carrying the user header twice (Node would join them into one user "alice, bob"), even with a token', async () => {
    const cases: Array<Record<string, string | string[]>> = [{ 'x-auth-user': ['alice', 'bob'] }, { 'x-auth-user': ['alice', 'alice'], authorization: `Bearer ${w.tokens.viewer}` }];
    for (const headers of cases) {
      const twice = await getFrom('127.0.0.1', `${api.baseUrl}/api/v1/runs`, headers);
      expect(twice.status).toBe(400);
      expect(twice.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('x-auth-user header was sent 2 times') });
    }
    const runs = await api.server.database.runs.listRuns({ limit: 1000 });
    expect(runs.runs.map((r) => r.createdBy)).not.toContain('alice, bob');
  });

  it('from the proxy without a user header, falls back to the token', async () => {
    expect((await getFrom('127.0.0.1', `${api.baseUrl}/api/v1/runs`, {})).status).toBe(401);
    expect((await getFrom('127.0.0.1', `${api.baseUrl}/api/v1/runs`, { authorization: `Bearer ${w.tokens.viewer}` })).status).toBe(200);
  });
});

describe.each(DATABASE_KINDS)('trusted proxies named by a CIDR range on %s', (kind) => {
  // 127.0.0.0/30 holds 127.0.0.1 to 127.0.0.3; 127.0.0.5 is outside it.
  const api = useServer(kind, { auth: 'tokens', trustedProxy: { addresses: ['127.0.0.0/30'], role: 'viewer' } });

  it('believes the user header from any peer inside the range, and from no other', async () => {
    for (const inside of ['127.0.0.1', '127.0.0.2', '127.0.0.3']) {
      expect([inside, (await getFrom(inside, `${api.baseUrl}/api/v1/runs`, { 'x-forwarded-user': 'carol' })).status]).toEqual([inside, 200]);
    }
    expect((await getFrom('127.0.0.5', `${api.baseUrl}/api/v1/runs`, { 'x-forwarded-user': 'carol' })).status).toBe(401);
  });
});

describe('trusted proxy addresses that can never match a peer', () => {
  it.each(['*', 'localhost', '0.0.0.0', '::', '10.0.0.0/33', '10.0.0.0/8/8', '0.0.0.0/0', 'proxy.internal', '10.0.0.5:8080'])(
    'refuses %s at startup, naming it and what is accepted',
    async (address) => {
      const attempt = createServer({ databaseUrl: 'sqlite:///:memory:', auth: 'tokens', trustedProxy: { addresses: ['127.0.0.1', address] } });
      // Were it accepted, the server is closed again.
      attempt.then((server) => server.close(), () => undefined);
      await expect(attempt).rejects.toBeInstanceOf(ServerConfigError);
      await expect(attempt).rejects.toThrow(`The trusted proxy address ${JSON.stringify(address)}`);
      await expect(attempt).rejects.toThrow(/an IPv4 or IPv6 address \(10\.0\.0\.5, fd00::5\) or a CIDR range \(10\.0\.0\.0\/8, fd00::\/64\)/);
    },
  );
});
