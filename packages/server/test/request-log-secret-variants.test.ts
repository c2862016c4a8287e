import http from 'node:http';
import { DATABASE_KINDS, useServer } from './server-harness';
import { logCapture } from './access-world';

// A token secret in a shape the request log and the error bodies did not recognise: a run reference encoded twice
// (the router decodes it once, to `lle%5F…`), an x-request-id holding the secret without its `lle_` or with another
// mark (`LLE-…`), a Host header holding one. None may be echoed or logged beyond the prefix `tokens list` shows.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A GET with headers exactly as given (fetch would not send a Host of ours), resolved with status, headers and body. */
function get(baseUrl: string, path: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: hostname, port: Number(port), path, method: 'GET', headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** `text` percent-decoded as often as it decodes (a log's URL may hold a secret encoded twice). */
function decodedFully(text: string): string {
  let out = text;
  for (let i = 0; i < 5; i++) {
    try {
      out = decodeURIComponent(out);
    } catch {
      break;
    }
  }
  return out;
}

describe.each(DATABASE_KINDS)('token-shaped run references, request ids and hosts, on %s', (kind) => {
  const logs = logCapture();
  const api = useServer(kind, { auth: 'tokens', logger: { level: 'info', stream: logs.stream } });
  let admin = '';
  /** The secret's random part: what may never be echoed or logged beyond its first 8 characters. */
  let body = '';
  beforeAll(async () => {
    admin = (await api.server.database.tokens.create({ name: `variants-${kind}`, role: 'admin', projects: '*' })).secret;
    body = admin.slice(4);
  });
  const auth = () => ({ authorization: `Bearer ${admin}` });
  /** No more of the secret than `lle_` and 8 characters, in the text raw or decoded. */
  const expectHidden = (text: string) => {
    for (const shown of [text, decodedFully(text)]) {
      expect(shown).not.toContain(body.slice(0, 9));
      expect(shown).not.toContain(body.slice(16, 32));
    }
  };

  it('cuts a run reference encoded twice or more in the 404 body and redacts it in the logged URL', async () => {
    for (const reference of [`lle%255F${body}`, `lle%25255F${body}`, `%256cle%255F${body}`]) {
      for (const path of [`/api/v1/runs/${reference}`, `/api/v1/${reference}`]) {
        const res = await get(api.baseUrl, path, auth());
        expect([path, res.status]).toEqual([path, 404]);
        expectHidden(res.body);
        expect(res.body).toContain(`${admin.slice(0, 12)}…`);
      }
    }
    const text = logs.text();
    expect(text).toContain('"url":"/api/v1/runs/[redacted]"');
    expectHidden(text);
  });

  it('replaces an x-request-id shaped like a secret (without lle_, with LLE- or lle-) and keeps ordinary ones', async () => {
    const refused = [body, body.slice(0, 40), body.slice(3, 38), `LLE-${body.slice(0, 40)}`, `lle-${body.slice(0, 40)}`, 'lle-abcdefgh', `x.${body}`];
    for (const id of refused) {
      const res = await get(api.baseUrl, '/api/v1/runs?limit=1', { ...auth(), 'x-request-id': id });
      expect([id, res.status]).toEqual([id, 200]);
      expect([id, res.headers['x-request-id']]).toEqual([id, expect.stringMatching(UUID)]);
    }
    const text = logs.text();
    expectHidden(text);
    expect(text).not.toContain('lle-abcdefgh');
    const kept = ['ci-build-42:step.3', '0b6f1a52-7c1e-4f43-9d0e-6a1c2b3d4e5f', '4bf92f3577b34da6a3ce929d0e0e4736', 'github-actions-run-1234567890-attempt-1'];
    for (const id of kept) {
      const res = await get(api.baseUrl, '/api/v1/runs?limit=1', { ...auth(), 'x-request-id': id });
      expect([id, res.headers['x-request-id']]).toEqual([id, id]);
    }
  });

  it('masks a token (with or without lle_) sent as the Host header in the request log', async () => {
    for (const host of [admin, `${body}:8080`, `LLE-${body}.example.com`]) {
      const res = await get(api.baseUrl, '/api/v1/runs?limit=1', { ...auth(), host });
      expect([host, res.status]).toEqual([host, 200]);
    }
    const text = logs.text();
    expect(text).toContain('"host":"[redacted]');
    expectHidden(text);
    // An ordinary host is logged as it is.
    await get(api.baseUrl, '/api/v1/runs?limit=1', { ...auth(), host: 'evals.example.com' });
    expect(logs.text()).toContain('"host":"evals.example.com"');
  });
});
