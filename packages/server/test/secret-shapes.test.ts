import net from 'node:net';
import { DATABASE_KINDS, useServer } from './server-harness';
import { logCapture } from './access-world';

/**
 * Sends one request exactly as written (fetch and http.request would drop a `#` and what follows) and resolves with
 * the status line's code and the headers, then closes the connection (a live stream would never end by itself).
 */
function rawRequest(baseUrl: string, target: string, headers: Record<string, string> = {}): Promise<{ status: number; head: string }> {
  const { hostname, port } = new URL(baseUrl);
  const lines = [`GET ${target} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Accept: text/event-stream', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), head: text.slice(0, end) });
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`the connection closed before a response: ${text.slice(0, 200)}`)));
  });
}

/** A secret with its first letter percent-encoded (`l%6ce_…`): the query parser decodes it to the secret itself. */
const encodedSecret = (secret: string) => `l%6c${secret.slice(2)}`;

/** Every URL the request log shows, percent-decoded as far as it decodes. */
function loggedUrls(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.includes('"url"'))
    .map((line) => String((JSON.parse(line) as { req?: { url?: string } }).req?.url ?? ''))
    .map((url) => {
      try {
        return decodeURIComponent(url);
      } catch {
        return url;
      }
    });
}

describe.each(DATABASE_KINDS)('a token secret in any shape, on %s', (kind) => {
  const logs = logCapture();
  const api = useServer(kind, { auth: 'tokens', logger: { level: 'info', stream: logs.stream } });
  let admin = '';
  let viewer = '';
  beforeAll(async () => {
    admin = (await api.server.database.tokens.create({ name: `admin-${kind}`, role: 'admin', projects: '*' })).secret;
    viewer = (await api.server.database.tokens.create({ name: `viewer-${kind}`, role: 'viewer', projects: ['alpha'] })).secret;
  });

  it('refuses a raw "#" in the request target (the router would read an access_token after it), and logs no shape of the token', async () => {
    const targets = [
      `/api/v1/events?run=latest#&access_token=${encodedSecret(viewer)}`,
      `/api/v1/events#access_token=${encodedSecret(viewer)}`,
      `/api/v1/events?x=1#access_token=${viewer}`,
    ];
    for (const target of targets) {
      const res = await rawRequest(api.baseUrl, target);
      expect([target, res.status]).toEqual([target, 400]);
    }
    const text = logs.text();
    expect(text).toContain('access_token=[redacted]');
    // The secret without its first letters is in the raw and the encoded shape alike.
    expect(text).not.toContain(viewer.slice(4));
    for (const url of loggedUrls(text)) expect(url).not.toContain(viewer.slice(4));
  });

  it('hides a password or API key sent as a query parameter by mistake in the request log, as database URLs are masked', async () => {
    const res = await api.request('/api/v1/runs?password=hunter2-xyz&api_key=sk-LEAKME-123', { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(400);
    const text = logs.text();
    expect(text).toContain('password=[redacted]&api_key=[redacted]');
    expect(text).not.toContain('hunter2-xyz');
    expect(text).not.toContain('sk-LEAKME-123');
  });

  it('hides a percent-encoded secret under any parameter name, and an encoded access_token name', async () => {
    for (const query of [`acess_token=${encodedSecret(viewer)}`, `token=${encodeURIComponent(viewer).replace('_', '%5F')}`, `access%5ftoken=x&q=${encodedSecret(admin)}`]) {
      const res = await api.request(`/api/v1/runs?${query}`, { headers: { authorization: `Bearer ${admin}` } });
      expect([query, res.status]).toEqual([query, 400]);
    }
    const text = logs.text();
    for (const secret of [viewer, admin]) {
      expect(text).not.toContain(secret.slice(4));
      for (const url of loggedUrls(text)) expect(url).not.toContain(secret.slice(4));
    }
  });

  it('never takes a request id that looks like a token (or its prefix): not echoed, logged or stored as correlation id', async () => {
    for (const id of [viewer, viewer.slice(0, 12), 'LLE_abcdefgh']) {
      const created = await api.json('/api/v1/runs', {
        method: 'POST',
        json: { name: `request-id-${id.length}-${kind}` },
        headers: { authorization: `Bearer ${admin}`, 'x-request-id': id },
      });
      expect(created.status).toBe(201);
      const echoed = created.headers.get('x-request-id');
      expect(echoed).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const audited = (await api.server.database.audit.list({ action: 'run.created', limit: 1000 })).entries.find((e) => e.targetId === created.body.id);
      expect(audited?.correlationId).toBe(echoed);
    }
    const text = logs.text();
    expect(text).not.toContain(viewer);
    expect(text).not.toContain(viewer.slice(0, 12));
    expect(text).not.toContain('LLE_abcdefgh');
    // A request id that is no token is still kept.
    const plain = await api.request('/api/v1/runs?limit=1', { headers: { authorization: `Bearer ${admin}`, 'x-request-id': 'ci-build-42' } });
    expect(plain.headers.get('x-request-id')).toBe('ci-build-42');
  });
});
