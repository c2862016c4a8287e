import { DATABASE_KINDS, useServer } from './server-harness';
import { logCapture, seedWorld, type WorldTokens } from './access-world';
import { MATRIX, MISSING_RUN, MISSING_RUN_2, type Entry, type Fixtures, type Req } from './isolation-routes';
import { registeredRoutes } from './registered-routes';

/** The callers of the matrix, each a way of (not) authenticating. */
const CASES = ['no token', 'malformed', 'wrong', 'revoked', 'expired', 'viewer', 'other project', 'admin'] as const;
type Case = (typeof CASES)[number];

function authorization(c: Case, t: WorldTokens): string | undefined {
  switch (c) {
    case 'no token':
      return undefined;
    case 'malformed':
      return 'Basic dXNlcjpwYXNz';
    case 'wrong':
      // Well-formed (the prefix and 43 base64url characters), never issued.
      return `Bearer lle_${'A'.repeat(43)}`;
    case 'revoked':
      return `Bearer ${t.revoked}`;
    case 'expired':
      return `Bearer ${t.expired}`;
    case 'viewer':
      return `Bearer ${t.viewer}`;
    case 'other project':
      return `Bearer ${t.other}`;
    case 'admin':
      return `Bearer ${t.admin}`;
  }
}

/** The expected status of a case on a route (the 'other project' case's 404/200 is checked against `missing`). */
function expectedStatus(entry: Entry, c: Case): number {
  if (['no token', 'malformed', 'wrong', 'revoked', 'expired'].includes(c)) return 401;
  if (c === 'admin') return entry.ok;
  if (c === 'viewer') return entry.kind === 'read' ? entry.ok : 403;
  if (entry.kind === 'admin' || entry.foreign === 'forbidden') return 403;
  return entry.foreign === 'hidden' ? entry.ok : 404;
}

describe.each(DATABASE_KINDS)('the isolation matrix on %s', (kind) => {
  const logs = logCapture();
  const api = useServer(kind, { auth: 'tokens', rateLimit: { requestsPerMinute: 100_000 }, logger: { level: 'info', stream: logs.stream } });
  let w: Fixtures;

  /** Sends a request as a case; an event stream is read up to its headers only. */
  async function send(req: Req, c: Case): Promise<{ status: number; text: string; headers: Headers }> {
    const headers: Record<string, string> = {};
    const auth = authorization(c, w.tokens);
    if (auth) headers.authorization = auth;
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.raw) {
      headers['content-type'] = req.raw.contentType;
      body = req.raw.body;
    }
    const abort = new AbortController();
    const response = await fetch(api.baseUrl + req.path, { method: req.method, headers, body, signal: abort.signal });
    if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      abort.abort();
      return { status: response.status, text: '', headers: response.headers };
    }
    return { status: response.status, text: await response.text(), headers: response.headers };
  }

  beforeAll(async () => {
    const db = api.server.database;
    const world = await seedWorld(db, kind);
    const res = await fetch(`${api.baseUrl}/api/v1/runs/${world.loose.id}/export?format=jsonl`, { headers: { authorization: `Bearer ${world.tokens.admin}` } });
    expect(res.status).toBe(200);
    const spareTokens: string[] = [];
    for (let i = 0; i < CASES.length; i++) spareTokens.push((await db.tokens.create({ name: `spare-${i}`, role: 'viewer', projects: ['alpha'] })).token.id);
    w = Object.assign(world, { exportText: await res.text(), spareTokens });
  });

  it('has an entry for every route the server registered under /api/v1, and none for a route it does not have', () => {
    const registered = registeredRoutes(api.server.app).map((r) => `${r.method} ${r.path}`);
    expect(registered.length).toBeGreaterThan(10);
    expect([...registered].sort()).toEqual(Object.keys(MATRIX).sort());
  });

  describe.each(Object.entries(MATRIX))('%s', (route, entry) => {
    it.each(CASES)('as %s', async (c) => {
      const req = await entry.own(w, `${c.replace(/\s/g, '-')}-${route.replace(/\W+/g, '-')}`);
      const res = await send(req, c);
      const expected = expectedStatus(entry, c);
      expect({ route, case: c, status: res.status, body: res.text.slice(0, 300) }).toEqual({ route, case: c, status: expected, body: expect.any(String) });
      const seen = res.text + JSON.stringify([...res.headers.entries()]);
      for (const secret of w.secrets) expect(seen).not.toContain(secret);
      if (expected === 401) {
        expect(JSON.parse(res.text)).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('Authorization: Bearer <token>'), details: {} } });
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
      if (expected === 403) expect(JSON.parse(res.text).error.code).toBe('forbidden');
      // Alpha's ids and names never reach anyone outside alpha (beyond the reference the request itself sent).
      const sent = req.path + JSON.stringify(req.json ?? '');
      if (c !== 'viewer' && c !== 'admin') for (const mark of w.alphaMarks().filter((m) => !sent.includes(m))) expect(seen).not.toContain(mark);
      if (c === 'other project' && entry.foreign === 'missing' && entry.kind !== 'admin') {
        // Exactly the answer to a request naming nothing that exists: status, shape and message, the references aside.
        const missing = await send(entry.missing!(w), c);
        const refs = [...w.alphaMarks(), MISSING_RUN, MISSING_RUN_2, 'alpha', 'zeta'];
        const normal = (text: string) => refs.reduce((t, r) => t.split(r).join('<ref>'), text);
        expect({ status: res.status, body: normal(res.text) }).toEqual({ status: missing.status, body: normal(missing.text) });
      }
      if (c === 'other project' && entry.kind === 'write') {
        // Nothing happened to alpha's run.
        const target = /\/runs\/([0-9a-f-]{36})/.exec(req.path)?.[1];
        if (target) expect(await api.server.database.runs.getRun(target)).toMatchObject({ id: target, status: 'running', description: null });
      }
    });
  });

  it('never wrote a token secret to the request logs, and every request line carries its request id', () => {
    const text = logs.text();
    expect(text).toContain('"reqId"');
    for (const secret of w.secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/lle_[A-Za-z0-9_-]{43}/);
  });
});
