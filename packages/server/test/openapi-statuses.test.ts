import http from 'node:http';
import { DATABASE_KINDS, useServer } from './server-harness';
import { documentedOperations, type DocumentedOperation, type OpenApiDocument } from './openapi-document';

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
