import { DATABASE_KINDS, useServer } from './server-harness';
import { seedWorld, type World } from './access-world';
import { fieldPaths, namesRun, sampleQueryValue, sampleValue } from './hostile-values';
import { documentedOperations, type DocumentedOperation, type OpenApiDocument, type OpenApiParameter } from './openapi-document';
import { registeredRoutes } from './registered-routes';

// Names a client gives are looked up in the server's tables of names (aliases of query parameters, sort keys, enum
// values). `?constructor=1` found Object.prototype.constructor in the table of aliases and answered every route with a
// 500 ("ALIASES[given]?.find is not a function"). Every Object.prototype member, as a query parameter's name, as a
// query parameter's value and as a JSON body field's value, is answered like any other unknown name: never a 5xx.
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
/** Spellings that become a prototype member's name once lowercased and stripped of - and _ (how aliases are found). */
const SPELLINGS = ['Constructor', 'CONSTRUCTOR', 'con_structor', 'con-structor', 'TOSTRING', 'value_of', 'proto', '__PROTO__'];

describe.each(DATABASE_KINDS)('Object.prototype names in requests, on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens', rateLimit: { requestsPerMinute: 1_000_000 } });
  let w: World;
  let doc: OpenApiDocument;
  let victim = '';
  const auth = () => ({ authorization: `Bearer ${w.tokens.admin}` });

  beforeAll(async () => {
    w = await seedWorld(api.server.database, `proto-${kind}`);
    doc = (await api.json<OpenApiDocument>('/api/openapi.json')).body;
    expect(PROTOTYPE_NAMES).toEqual(expect.arrayContaining(['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', '__lookupGetter__']));
  });

  /** A run that writes may change or delete: a new one once the last is gone. */
  async function victimId(): Promise<string> {
    if (victim === '' || !(await api.server.database.runs.getRun(victim))) victim = (await w.freshAlphaRun('victim')).id;
    return victim;
  }

  async function pathOf(op: DocumentedOperation): Promise<string> {
    let path = op.path;
    for (const param of (op.operation.parameters ?? []).filter((p) => p.in === 'path')) {
      const value = namesRun(param, param.schema)
        ? op.method === 'GET' ? w.alpha.id : await victimId()
        : /item/i.test(param.name) ? 'q-0' : /project/i.test(param.name) ? 'alpha' : sampleQueryValue(doc, param);
      path = path.replace(`{${param.name}}`, encodeURIComponent(value));
    }
    return path;
  }

  function requiredQuery(op: DocumentedOperation, except: string): Array<[string, string]> {
    return (op.operation.parameters ?? [])
      .filter((p): p is OpenApiParameter => p.in === 'query' && p.required === true && p.name !== except)
      .map((p) => [p.name, namesRun(p, p.schema) ? (p.name === 'b' ? w.alpha2.id : w.alpha.id) : sampleQueryValue(doc, p)]);
  }

  /** Sends a request; a live event stream is closed as soon as its status is known. */
  async function send(method: string, url: string, body?: unknown): Promise<{ status: number; text: string }> {
    const controller = new AbortController();
    const headers: Record<string, string> = auth();
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(api.baseUrl + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: controller.signal });
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      controller.abort();
      return { status: res.status, text: '' };
    }
    return { status: res.status, text: await res.text() };
  }

  const query = (pairs: Array<[string, string]>) => (pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '');

  it('answers a query parameter named like an Object.prototype member with the 400 of an unknown parameter, on every route', async () => {
    const routes = registeredRoutes(api.server.app as never);
    expect(routes.length).toBeGreaterThan(15);
    const seen: unknown[] = [];
    for (const { method, path } of routes) {
      const url = path.replace(/:[A-Za-z]+/g, 'no-such-thing');
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      for (const name of [...PROTOTYPE_NAMES, ...SPELLINGS]) {
        const res = await send(method, `${url}?${encodeURIComponent(name)}=1`, body);
        const error = JSON.parse(res.text).error;
        const suggestion = error?.details?.suggestion;
        if (res.status !== 400 || !String(error?.message).startsWith(`Unknown query parameter ${JSON.stringify(name)}.`) || (suggestion !== null && typeof suggestion !== 'string')) {
          seen.push([method, path, name, res.status, res.text.slice(0, 200)]);
        }
      }
    }
    expect(seen).toEqual([]);
    // The suggestion of a real alias is unchanged.
    const since = JSON.parse((await send('GET', '/api/v1/runs?since=7d')).text).error;
    expect(since.details.suggestion).toBe('createdAfter');
  }, 600_000);

  it('never answers a 5xx to an Object.prototype member as the value of a query parameter', async () => {
    const failures: unknown[] = [];
    for (const op of documentedOperations(doc)) {
      const params = (op.operation.parameters ?? []).filter((p) => p.in === 'query');
      for (const param of params) {
        // `name:desc` is a sort key with its direction, and a field filter of the query language (q=).
        for (const name of [...PROTOTYPE_NAMES, 'Constructor', ...PROTOTYPE_NAMES.map((n) => `${n}:desc`), 'constructor:>1', 'metric.constructor:>0']) {
          const url = (await pathOf(op)) + query([...requiredQuery(op, param.name), [param.name, name]]);
          const body = op.operation.requestBody?.content?.['application/json']?.schema ? sampleValue(doc, op.operation.requestBody.content['application/json'].schema) : undefined;
          const res = await send(op.method, url, body);
          if (res.status >= 500) failures.push([op.method, url, res.status, res.text.slice(0, 200)]);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('never answers a 5xx to an Object.prototype member as the value of a JSON body field', async () => {
    const failures: unknown[] = [];
    let sent = 0;
    for (const op of documentedOperations(doc)) {
      const schema = op.operation.requestBody?.content?.['application/json']?.schema;
      if (!schema) continue;
      const baseline = sampleValue(doc, schema);
      for (const path of fieldPaths(doc, schema)) {
        for (const name of PROTOTYPE_NAMES) {
          const body = structuredClone(baseline) as Record<string | number, unknown>;
          let node = body;
          for (const key of path.slice(0, -1)) {
            if (node[key] === null || typeof node[key] !== 'object') node[key] = typeof key === 'number' ? [] : {};
            node = node[key] as Record<string | number, unknown>;
          }
          node[path[path.length - 1]!] = name;
          const url = (await pathOf(op)) + query(requiredQuery(op, ''));
          const res = await send(op.method, url, body);
          sent += 1;
          if (res.status >= 500) failures.push([op.method, op.path, path.join('.'), name, res.status, res.text.slice(0, 200)]);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(50);
  }, 600_000);
});
