import http from 'node:http';
import { DATABASE_KINDS, useServer } from './server-harness';
import { documentedOperations, resolveSchema, type DocumentedOperation, type JsonSchema, type OpenApiDocument } from './openapi-document';

/** A request over its own connection (Host and header sizes as given): the status only. */
function statusOf(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(baseUrl + path, { method, headers, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The operation's path with every path parameter filled in (a run that does not exist is fine: checks come first). */
function pathOf(op: DocumentedOperation): string {
  return op.path.replace(/\{[^}]+\}/g, 'latest');
}

const hasBody = (op: DocumentedOperation) => ['POST', 'PUT', 'PATCH'].includes(op.method);

describe.each(DATABASE_KINDS)('the OpenAPI document lists every status a route answers, on %s', (kind) => {
  const api = useServer(kind);
  let operations: DocumentedOperation[] = [];
  beforeAll(async () => {
    const doc = (await (await fetch(`${api.baseUrl}/api/openapi.json`)).json()) as OpenApiDocument;
    operations = documentedOperations(doc);
    expect(operations.length).toBeGreaterThan(10);
  });

  /** Each operation's status for the request `send` makes, with the statuses it documents, where not listed. */
  async function undocumented(send: (op: DocumentedOperation) => Promise<number>, which = (_op: DocumentedOperation) => true): Promise<string[]> {
    const out: string[] = [];
    for (const op of operations.filter(which)) {
      const status = await send(op);
      if (!Object.hasOwn(op.operation.responses ?? {}, String(status))) {
        out.push(`${op.method} ${op.path} answered ${status}; documents ${Object.keys(op.operation.responses ?? {}).join(',')}`);
      }
    }
    return out;
  }

  it('an unknown query parameter (400)', async () => {
    expect(await undocumented((op) => statusOf(api.baseUrl, op.method, `${pathOf(op)}?zzUnknown=1`))).toEqual([]);
  });

  it("a Host that is not a loopback name without authentication (the Host check's 403)", async () => {
    expect(await undocumented((op) => statusOf(api.baseUrl, op.method, pathOf(op), { host: 'evil.example' }))).toEqual([]);
  });

  it('headers larger than the server takes (431)', async () => {
    expect(await undocumented((op) => statusOf(api.baseUrl, op.method, pathOf(op), { 'x-big': 'a'.repeat(40_000) }))).toEqual([]);
  });

  it('a body in a content type or encoding the route does not take (415), and a body too large (413)', async () => {
    expect(await undocumented((op) => statusOf(api.baseUrl, op.method, pathOf(op), { 'content-type': 'text/plain' }, 'hello'), hasBody)).toEqual([]);
    expect(
      await undocumented((op) => statusOf(api.baseUrl, op.method, pathOf(op), { 'content-type': 'application/json', 'content-encoding': 'gzip' }, '{}'), hasBody),
    ).toEqual([]);
    const missing = operations.filter(hasBody).filter((op) => !['408', '413'].every((s) => Object.hasOwn(op.operation.responses ?? {}, s)));
    expect(missing.map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });
});

/** Whether `schema` admits the one error shape: the Error schema itself, or a union with it. */
function admitsError(doc: OpenApiDocument, schema: JsonSchema | undefined): boolean {
  if (schema === undefined) return false;
  if (schema.$ref === '#/components/schemas/Error') return true;
  return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].some((s) => admitsError(doc, s)) || (schema !== resolveSchema(doc, schema) && admitsError(doc, resolveSchema(doc, schema)));
}

describe('every status the hooks before a route answer is documented with the error shape', () => {
  // Authentication (401, 403), the request limit (429), the database or token check (503), and the checks of every
  // route (400, 431); of a route with path parameters 404, and of one with a body 408, 413 and 415. A route that
  // declared one of these statuses with a schema of its own (GET /health's 503 health report) failed its error
  // responses' serialisation: a 500 FST_ERR_RESPONSE_SERIALIZATION instead of the error.
  const api = useServer('sqlite', { auth: 'tokens' });

  it('in the OpenAPI document of each operation', async () => {
    const doc = (await (await fetch(`${api.baseUrl}/api/openapi.json`)).json()) as OpenApiDocument;
    const wrong: string[] = [];
    for (const op of documentedOperations(doc)) {
      const statuses = [400, 401, 403, 429, 431, 503, ...(op.path.includes('{') ? [404] : []), ...(hasBody(op) ? [408, 413, 415] : [])];
      for (const status of statuses) {
        const content = op.operation.responses?.[String(status)]?.content?.['application/json'];
        if (!admitsError(doc, content?.schema)) wrong.push(`${op.method} ${op.path} ${status}: ${JSON.stringify(content?.schema ?? null)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
