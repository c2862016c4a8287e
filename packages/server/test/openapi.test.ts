import { compileErrors, validate } from '@readme/openapi-parser';
import { DATABASE_KINDS, useServer } from './server-harness';
import { documentedOperations, resolveSchema, type OpenApiDocument } from './openapi-document';
import { registeredRoutes, toOpenApiPath } from './registered-routes';

const ERROR_REF = '#/components/schemas/Error';

describe.each(DATABASE_KINDS)('the OpenAPI document on %s', (kind) => {
  const api = useServer(kind);
  let doc: OpenApiDocument;

  beforeAll(async () => {
    const res = await api.json<OpenApiDocument>('/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // validate() dereferences in place: give it a copy so the other tests read the document as served.
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.valid).toBe(true);
  });

  it('documents every route the server registered under /api/v1, and nothing it did not', () => {
    const routes = registeredRoutes(api.server.app);
    // /api/v1/health exists from the start, so an empty list means the route tree was not read.
    expect(routes).toContainEqual({ method: 'GET', path: '/api/v1/health' });
    const undocumented = routes
      .filter((r) => !doc.paths[toOpenApiPath(r.path)]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.path}`);
    expect(undocumented).toEqual([]);

    const registered = new Set(routes.map((r) => `${r.method} ${toOpenApiPath(r.path)}`));
    const phantom = documentedOperations(doc)
      .map((o) => `${o.method} ${o.path}`)
      .filter((key) => !registered.has(key));
    expect(phantom).toEqual([]);
  });

  it('gives every operation a summary, tags, a success response and its path parameters', () => {
    const problems: string[] = [];
    for (const { method, path, operation } of documentedOperations(doc)) {
      const name = `${method} ${path}`;
      if (!operation.summary?.trim()) problems.push(`${name}: no summary`);
      if (!operation.tags?.length) problems.push(`${name}: no tags`);
      const statuses = Object.keys(operation.responses ?? {});
      if (!statuses.some((s) => ['200', '201', '202', '204'].includes(s))) {
        problems.push(`${name}: no 200/201/202/204 response (has ${statuses.join(', ') || 'none'})`);
      }
      for (const param of path.match(/\{([^}]+)\}/g) ?? []) {
        const paramName = param.slice(1, -1);
        if (!operation.parameters?.some((p) => p.in === 'path' && p.name === paramName && p.required)) {
          problems.push(`${name}: path parameter ${paramName} is not declared as a required path parameter`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents a request body with a schema for every POST, PUT and PATCH operation', () => {
    const writes = documentedOperations(doc).filter((o) => ['POST', 'PUT', 'PATCH'].includes(o.method));
    // POST /api/v1/runs exists from the ingest routes on, so an empty list means the document was not read.
    expect(writes.map((o) => `${o.method} ${o.path}`)).toContain('POST /api/v1/runs');
    const problems: string[] = [];
    for (const { method, path, operation } of writes) {
      const content = operation.requestBody?.content ?? {};
      if (Object.keys(content).length === 0) problems.push(`${method} ${path}: no requestBody content`);
      for (const [type, media] of Object.entries(content)) {
        if (!media.schema) problems.push(`${method} ${path}: ${type} has no schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents the import upload: the export file as application/json or application/x-ndjson', () => {
    const body = doc.paths['/api/v1/imports']?.post?.requestBody;
    expect(body?.required).toBe(true);
    for (const type of ['application/json', 'application/x-ndjson']) {
      const schema = resolveSchema(doc, body?.content?.[type]?.schema);
      expect(schema?.description).toMatch(/Python LLM-Eval/);
      expect(schema?.description).toMatch(/JSONL/);
    }
  });

  it('documents the one error shape: 4xx responses reference the Error component, inputs document 400', () => {
    const operations = documentedOperations(doc);
    const problems: string[] = [];
    for (const { method, path, operation } of operations) {
      const name = `${method} ${path}`;
      const responses = operation.responses ?? {};
      const errorStatuses = Object.keys(responses).filter((s) => Number(s) >= 400 || /^[45]XX$/i.test(s));
      if (errorStatuses.length === 0) problems.push(`${name}: documents no error response`);
      for (const status of errorStatuses) {
        const schema = responses[status]?.content?.['application/json']?.schema;
        if (status.startsWith('4') && schema?.$ref !== ERROR_REF) {
          problems.push(`${name}: ${status} does not reference ${ERROR_REF} (${JSON.stringify(schema)?.slice(0, 120)})`);
        }
        if (status.startsWith('5') && !schema?.$ref) problems.push(`${name}: ${status} has no schema component`);
      }
      const takesInput = (operation.parameters ?? []).length > 0 || operation.requestBody !== undefined;
      if (takesInput && !responses['400']) problems.push(`${name}: takes input but documents no 400`);
      if (path.includes('{run}') && !responses['404']) problems.push(`${name}: names a run but documents no 404`);
    }
    expect(problems).toEqual([]);

    // The component itself is the shape every error body has.
    if (operations.some((o) => Object.keys(o.operation.responses ?? {}).some((s) => s.startsWith('4')))) {
      const error = resolveSchema(doc, { $ref: ERROR_REF });
      expect(error?.required).toEqual(['error']);
      const inner = resolveSchema(doc, error?.properties?.error);
      expect(Object.keys(inner?.properties ?? {}).sort()).toEqual(['code', 'details', 'message']);
      expect([...(inner?.required ?? [])].sort()).toEqual(['code', 'details', 'message']);
    }
  });

  it("gives a run's status exactly the states a run can be in: those GET /runs filters by, never \"pending\"", () => {
    // The Run schema listed "pending", a state no run has: clients typed from it offered a filter the API refuses (400).
    const run = resolveSchema(doc, { $ref: '#/components/schemas/Run' });
    const status = resolveSchema(doc, run?.properties?.status) as { enum?: string[] } | undefined;
    expect([...(status?.enum ?? [])].sort()).toEqual(['abandoned', 'cancelled', 'completed', 'failed', 'running']);
    // The filter's values are named in its description (its schema is a comma list or a repeated string).
    const filter = doc.paths['/api/v1/runs']?.get?.parameters?.find((p) => p.name === 'status') as { description?: string } | undefined;
    const filtered = filter?.description?.match(/: ([a-z, ]+)$/)?.[1]?.split(', ');
    expect([...(filtered ?? [])].sort()).toEqual([...(status?.enum ?? [])].sort());
  });

  it('serves the docs page as HTML', async () => {
    const res = await api.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<html/i);
  });
});
