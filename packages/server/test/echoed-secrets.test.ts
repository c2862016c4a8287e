import { randomBytes } from 'node:crypto';
import { DATABASE_KINDS, useServer } from './server-harness';
import { documentedOperations, type DocumentedOperation, type OpenApiDocument } from './openapi-document';

// Responses repeat what the client sent: a metric name, a sort, a query's words, a run reference. A token secret pasted
// into any parameter must come back cut to its prefix (`lle_` and 8 more), never whole: the dashboard shows these
// responses and proxies log them. Every GET operation of the OpenAPI document is sent a secret-shaped value in each of
// its parameters, so a parameter or route added later is covered without being listed here.

/** A value shaped like a token secret (it is none: only its shape matters). */
const SECRET = `lle_${randomBytes(32).toString('base64url')}`;
/** What may never come back: everything past the shown prefix. */
const HIDDEN = SECRET.slice(12).toLowerCase();

/** The forms a parameter may read the secret in: plain, as a metric sort, with a direction, inside a query. */
const FORMS = [SECRET, `metric:${SECRET}`, `${SECRET}:desc`, `metric:${SECRET}:desc`, `text contains ${SECRET}`, `${SECRET} > 0.5`];

/** The live-events stream never ends by itself; its run reference's errors are checked in token-shaped-values.test.ts. */
const STREAMS = new Set(['/api/v1/events']);
/** Parameters that are a credential, not text a response could repeat. */
const CREDENTIALS = new Set(['access_token']);

describe.each(DATABASE_KINDS)('a token secret sent in any parameter is never echoed whole, on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens', rateLimit: { requestsPerMinute: 100_000 } });
  let admin = '';
  const valid: Record<string, string> = {};
  let operations: DocumentedOperation[] = [];

  beforeAll(async () => {
    admin = (await api.server.database.tokens.create({ name: `echo-${kind}`, role: 'admin', projects: '*' })).secret;
    const headers = { authorization: `Bearer ${admin}` };
    const runs: string[] = [];
    for (const name of ['echo-a', 'echo-b']) {
      const run = await api.json('/api/v1/runs', { method: 'POST', json: { name, projectId: 'echo-project', metricsUsed: ['m'] }, headers });
      expect(run.status).toBe(201);
      const items = [{ itemId: 'x', output: 'o', scores: { m: 1 } }, { itemId: 'y', output: 'o', scores: { m: 0 } }];
      expect((await api.json(`/api/v1/runs/${run.body.id}/items`, { method: 'POST', json: { items }, headers })).status).toBe(200);
      expect((await api.json(`/api/v1/runs/${run.body.id}/finish`, { method: 'POST', json: { status: 'completed' }, headers })).status).toBe(200);
      runs.push(run.body.id);
    }
    // The values of the required parameters, so each request reaches the code that answers with the one under test.
    Object.assign(valid, { run: runs[0]!, a: runs[0]!, b: runs[1]!, metric: 'm', project: 'echo-project' });
    const doc = (await api.json<OpenApiDocument>('/api/openapi.json')).body;
    operations = documentedOperations(doc).filter((op) => op.method === 'GET' && !STREAMS.has(op.path));
    expect(operations.length).toBeGreaterThan(10);
  });

  /** The request of `op` with `name` set to `value` and every other required parameter valid. */
  function target(op: DocumentedOperation, name: string, value: string): string {
    let path = op.path;
    const query = new URLSearchParams();
    for (const p of op.operation.parameters ?? []) {
      const v = p.name === name ? value : p.required ? valid[p.name] : undefined;
      if (v === undefined) continue;
      if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(v));
      else if (p.in === 'query') query.set(p.name, v);
    }
    const search = query.toString();
    return search ? `${path}?${search}` : path;
  }

  it('in any response of any GET operation, body or headers', async () => {
    const leaks: string[] = [];
    let served = 0;
    for (const op of operations) {
      for (const p of op.operation.parameters ?? []) {
        if (CREDENTIALS.has(p.name) || (p.in !== 'query' && p.in !== 'path')) continue;
        for (const form of FORMS) {
          const path = target(op, p.name, form);
          const res = await api.request(path, { headers: { authorization: `Bearer ${admin}` } });
          const text = `${JSON.stringify([...res.headers])}\n${await res.text()}`;
          if (res.status < 300) served++;
          if (text.toLowerCase().includes(HIDDEN)) leaks.push(`${res.status} GET ${path.replace(SECRET, '<secret>')}: ${text.replace(SECRET, '<secret>').slice(0, 300)}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    // The sweep reached the routes' own answers, not only their refusals (which errorBody cuts).
    expect(served).toBeGreaterThan(20);
  });
});
