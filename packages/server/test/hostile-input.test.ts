import type { Database, RunRecord } from '@llm-eval/storage';
import { createTestDatabase, type TestDatabase } from '@llm-eval/test-databases';
import { ApiError, createServer, ServerConfigError, type LlmEvalServer } from '../src';
import { DATABASE_KINDS } from './server-harness';
import { useSecretServer } from './secret-server';
import { documentedOperations, type DocumentedOperation, type OpenApiDocument, type OpenApiParameter } from './openapi-document';
import { encodeSegment, hostileCases, hugeBody, namesRun, preview, sampleQueryValue, type HostileCase } from './hostile-values';
import { responseProblems, type SeenResponse } from './hostile-response';

/**
 * Seeded runs no hostile request may change. Their ids start with "c0ffee" so that no hostile value (none starts
 * with c) is a legitimate id prefix of them: if one is deleted or changed, a request reached it that should not have.
 */
const KEEPERS = [
  { id: 'c0ffee00-0000-4000-8000-000000000001', name: 'keeper alpha', model: 'gpt-4o' },
  { id: 'c0ffee00-0000-4000-8000-000000000002', name: 'keeper beta', model: 'llama-3-70b' },
] as const;

async function seedKeepers(db: Database): Promise<void> {
  for (const [i, k] of KEEPERS.entries()) {
    await db.runs.importRun(
      {
        id: k.id,
        name: k.name,
        projectId: 'hostile-project',
        datasetName: 'qa-capitals',
        modelName: k.model,
        status: 'completed',
        createdAt: new Date(Date.UTC(2026, 0, 10 + i)),
        startedAt: new Date(Date.UTC(2026, 0, 10 + i)),
        durationSeconds: 12,
        tags: ['hostile', `keeper-${i}`],
        metricsUsed: ['accuracy'],
      },
      Array.from({ length: 6 }, (_, n) => ({
        itemId: `q${n}`,
        input: { question: `What is ${n} + ${n}?` },
        expectedOutput: String(2 * n),
        actualOutput: n % 3 === 0 ? 'no idea' : String(2 * n),
        status: n % 3 === 0 ? ('failed' as const) : ('completed' as const),
        errorMessage: n % 3 === 0 ? 'wrong answer' : null,
        responseTime: 0.1 * (n + 1) + i,
        scores: { accuracy: n % 3 === 0 ? 0 : 1 },
      })),
    );
  }
}

/** Everything stored about the keepers, to compare before and after. */
async function keeperSnapshot(db: Database): Promise<string> {
  const out: unknown[] = [];
  for (const k of KEEPERS) {
    const run = await db.runs.getRun(k.id);
    const items = run ? await db.runs.listItems(k.id, { limit: 1000 }) : null;
    out.push({ run, items: items?.items, total: items?.total });
  }
  return JSON.stringify(out);
}

/** Problems of responses, grouped by operation and problem with the first inputs that showed each. */
class Failures {
  private readonly byProblem = new Map<string, { count: number; examples: string[] }>();
  constructor(private readonly password: string | null) {}

  check(operation: string, label: string, seen: SeenResponse): void {
    this.add(operation, label, seen, responseProblems(seen, this.password ? [this.password] : []));
  }

  add(operation: string, label: string, seen: SeenResponse, problems: string[]): void {
    for (const problem of problems) {
      const key = `${operation}: ${problem}`;
      const entry = this.byProblem.get(key) ?? { count: 0, examples: [] };
      entry.count += 1;
      if (entry.examples.length < 3) entry.examples.push(`[${label}] → ${seen.status} ${seen.text.slice(0, 200)}`);
      this.byProblem.set(key, entry);
    }
  }

  report(): string[] {
    return [...this.byProblem].map(([key, { count, examples }]) => `${key} (${count}×)\n    ${examples.join('\n    ')}`);
  }
}

describe.each(DATABASE_KINDS)('hostile input against every documented operation on %s', (kind) => {
  const api = useSecretServer(kind);
  let before = '';
  let victim: RunRecord | null = null;
  let victims = 0;

  beforeAll(async () => {
    await seedKeepers(api.server.database);
    before = await keeperSnapshot(api.server.database);
  });

  /** A run that requests which change or delete runs may change or delete (a new one once it is gone). */
  async function victimId(): Promise<string> {
    const db = api.server.database;
    if (!victim || !(await db.runs.getRun(victim.id))) {
      victims += 1;
      victim = await db.runs.createRun({ name: `victim ${victims}`, status: 'running', metricsUsed: ['accuracy'] });
      await db.runs.addItems(victim.id, [{ itemId: 'v1', status: 'completed', scores: { accuracy: 1 } }]);
    }
    return victim.id;
  }

  /** The value of a parameter that is not under attack: a keeper for reads, a victim for writes. */
  async function baselinePath(op: DocumentedOperation, param: OpenApiParameter): Promise<string> {
    if (namesRun(param, param.schema)) return op.method === 'GET' ? KEEPERS[0].id : victimId();
    if (/item/i.test(param.name)) return 'q1';
    return sampleQueryValue(docOf, param);
  }

  function baselineQuery(op: DocumentedOperation, param: OpenApiParameter): string | undefined {
    if (!param.required) return undefined;
    if (namesRun(param, param.schema)) return param.name === 'b' || param.name === 'candidate' ? KEEPERS[1].id : KEEPERS[0].id;
    return sampleQueryValue(docOf, param);
  }

  let docOf: OpenApiDocument;

  async function urlOf(op: DocumentedOperation, c: HostileCase): Promise<string> {
    let path = op.path;
    for (const param of (op.operation.parameters ?? []).filter((p) => p.in === 'path')) {
      const value = c.path[param.name] ?? encodeSegment(await baselinePath(op, param));
      path = path.replace(`{${param.name}}`, value);
    }
    const replaced = new Set([...c.query.map(([name]) => decodeURIComponentSafe(name)), ...(c.omitQuery ?? [])]);
    const pairs: Array<[string, string]> = [];
    for (const param of (op.operation.parameters ?? []).filter((p) => p.in === 'query')) {
      if (replaced.has(param.name)) continue;
      const value = baselineQuery(op, param);
      if (value !== undefined) pairs.push([encodeSegment(param.name), encodeSegment(value)]);
    }
    pairs.push(...c.query);
    return pairs.length ? `${path}?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : path;
  }

  /** Sends one request; a live event stream is closed as soon as its status is known. */
  async function send(method: string, url: string, c: Pick<HostileCase, 'headers' | 'body'>) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    try {
      const res = await fetch(api.baseUrl + url, { method, headers: c.headers, body: c.body, signal: controller.signal });
      const contentType = res.headers.get('content-type') ?? '';
      if (contentType.startsWith('text/event-stream')) {
        controller.abort();
        return { status: res.status, contentType, text: '' };
      }
      return { status: res.status, contentType, text: await res.text() };
    } finally {
      clearTimeout(timer);
    }
  }

  it('never answers with a 5xx, a malformed error, a stack trace, SQL or the password', async () => {
    const res = await fetch(`${api.baseUrl}/api/openapi.json`);
    expect(res.status).toBe(200);
    docOf = (await res.json()) as OpenApiDocument;
    const operations = documentedOperations(docOf);
    expect(operations.length).toBeGreaterThan(0);

    const failures = new Failures(api.password);
    let sentCount = 0;
    for (const op of operations) {
      const operation = `${op.method} ${op.path}`;
      const cases = hostileCases(docOf, op);
      const attack = async (c: HostileCase) => {
        const url = await urlOf(op, c);
        let seen;
        try {
          seen = await send(op.method, url, c);
        } catch (error) {
          failures.add(operation, c.label, { status: 0, contentType: '', text: '' }, [`request failed: ${(error as Error).message}`]);
          return;
        }
        sentCount += 1;
        failures.check(operation, c.label, seen);
      };
      // Reads go four at a time; writes one at a time, so each finds its victim run as the last one left it.
      const parallel = op.method === 'GET' ? 4 : 1;
      for (let i = 0; i < cases.length; i += parallel) await Promise.all(cases.slice(i, i + parallel).map(attack));
      if (op.operation.requestBody || ['POST', 'PUT', 'PATCH'].includes(op.method)) {
        const url = await urlOf(op, { label: '20 MB body', path: {}, query: [] });
        const seen = await send(op.method, url, { headers: { 'content-type': 'application/json' }, body: hugeBody() });
        sentCount += 1;
        failures.check(operation, '20 MB JSON body', seen);
        if (seen.status < 400) failures.add(operation, '20 MB JSON body', seen, ['a 20 MB JSON body was accepted']);
      }
    }

    expect(failures.report()).toEqual([]);
    expect(sentCount).toBeGreaterThan(operations.length);
  }, 900_000);

  it('imports an export file carrying hostile values, or refuses it with a 4xx', async () => {
    const exported = await fetch(`${api.baseUrl}/api/v1/runs/${KEEPERS[0].id}/export?format=json`);
    expect(exported.status).toBe(200);
    const original = (await exported.json()) as Record<string, unknown>;
    const failures = new Failures(api.password);
    const upload = async (label: string, file: unknown) => {
      const seen = await send('POST', '/api/v1/imports?allowDuplicate=true', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(file),
      });
      failures.check('POST /api/v1/imports', label, seen);
      if (seen.status === 201) {
        const { runId } = JSON.parse(seen.text) as { runId: string };
        const read = await send('GET', `/api/v1/runs/${runId}/items`, {});
        failures.check('GET /api/v1/runs/{run}/items of the imported run', label, read);
        if (read.status !== 200) failures.add('GET /api/v1/runs/{run}/items of the imported run', label, read, ['not readable']);
      }
    };
    const keys = new Set<string>();
    collectStringKeys(original, keys);
    expect(keys.size).toBeGreaterThan(3);
    for (const value of IMPORT_HOSTILE_STRINGS) {
      for (const key of keys) await upload(`every "${key}" string = ${preview(value)}`, replaceStrings(original, key, value));
      await upload(`item ids = ${preview(value)}`, renameItems(original, value));
    }
    expect(failures.report()).toEqual([]);
  }, 300_000);

  it('left the seeded runs and their items exactly as they were', async () => {
    expect(await keeperSnapshot(api.server.database)).toBe(before);
    const listed = await fetch(`${api.baseUrl}/api/v1/health`);
    expect(listed.status).toBe(200);
  });
});

const IMPORT_HOSTILE_STRINGS = ["' OR 1=1 --", '"; DROP TABLE evaluation_runs; --', 'a\u0000b', 'x\udfffy', 'x'.repeat(10_000), '🧪🔥👩‍💻', ''];

/** The keys whose values are strings, anywhere in a JSON document. */
function collectStringKeys(node: unknown, keys: Set<string>): void {
  if (Array.isArray(node)) node.forEach((v) => collectStringKeys(v, keys));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string' || (Array.isArray(v) && v.some((x) => typeof x === 'string'))) keys.add(k);
      collectStringKeys(v, keys);
    }
  }
}

/** A copy with every string under `key` (or in an array under it) replaced by `value`. */
function replaceStrings(node: unknown, key: string, value: string): unknown {
  if (Array.isArray(node)) return node.map((v) => replaceStrings(v, key, value));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => {
      if (k === key && typeof v === 'string') return [k, value];
      if (k === key && Array.isArray(v)) return [k, v.map((x, i) => (typeof x === 'string' ? `${value}${i || ''}` : x))];
      return [k, replaceStrings(v, key, value)];
    }),
  );
}

/** A copy of an llm-eval JSON export whose item ids (keys of results/errors/failures, item_order) are `value`-based. */
function renameItems(file: Record<string, unknown>, value: string): unknown {
  const copy = structuredClone(file) as Record<string, any>;
  const ids: string[] = copy.llm_eval?.item_order ?? Object.keys(copy.results ?? {});
  const rename = (id: string) => `${value}${ids.indexOf(id)}`;
  for (const field of ['results', 'errors']) {
    if (copy[field]) copy[field] = Object.fromEntries(Object.entries(copy[field]).map(([k, v]) => [rename(k), v]));
  }
  if (copy.llm_eval?.failures) copy.llm_eval.failures = Object.fromEntries(Object.entries(copy.llm_eval.failures).map(([k, v]) => [rename(k), v]));
  if (copy.llm_eval?.item_order) copy.llm_eval.item_order = ids.map(rename);
  return copy;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

describe.each(DATABASE_KINDS)('server options on %s', (kind) => {
  let testDb: TestDatabase;
  const servers: LlmEvalServer[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await testDb?.drop();
  });

  async function start(options: Parameters<typeof createServer>[0] = {}) {
    const server = await createServer({ databaseUrl: testDb.url, port: 0, ...options });
    servers.push(server);
    return server;
  }

  it.each(['0.0.0.0', '::'])('refuses to listen on %s without authentication, and names it', async (host) => {
    const server = await start();
    const refusal = await server.listen({ host }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ServerConfigError);
    expect((refusal as Error).message).toMatch(/authenticat/i);
    expect((refusal as Error).message).toContain(host);
    expect(server.url).toBeNull();
    // The refusal left the server usable on loopback.
    const url = await server.listen({ host: '127.0.0.1' });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  const requireKey = {
    authenticate(request: { headers: Record<string, string | string[] | undefined> }) {
      if (request.headers['x-api-key'] !== 'let-me-in') {
        throw new ApiError(401, 'unauthorized', 'Send your key in the X-Api-Key header.', { header: 'x-api-key' });
      }
    },
  };

  it('with an authenticator, refuses /api/v1 requests it rejects in the error shape, and /healthz still answers', async () => {
    const server = await start({ auth: requireKey });
    const url = await server.listen();

    const refused = await fetch(`${url}/api/v1/health`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      error: { code: 'unauthorized', message: 'Send your key in the X-Api-Key header.', details: { header: 'x-api-key' } },
    });
    const wrongKey = await fetch(`${url}/api/v1/health`, { headers: { 'x-api-key': "' OR 1=1 --" } });
    expect(wrongKey.status).toBe(401);

    const allowed = await fetch(`${url}/api/v1/health`, { headers: { 'x-api-key': 'let-me-in' } });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({ ok: true, backend: kind });

    const live = await fetch(`${url}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ ok: true });
  });

  it('with an authenticator, listens on a public address', async () => {
    const server = await start({ auth: requireKey });
    const url = await server.listen({ host: '0.0.0.0' });
    const port = new URL(url).port;
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status).toBe(401);
  });
});
