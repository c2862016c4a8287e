import WebSocket from 'ws';
import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';
import { seedWorld, type World } from './access-world';
import { openEventStream } from './events-clients';
import type { OpenApiDocument } from './openapi-document';
import { registeredRoutes, toOpenApiPath } from './registered-routes';

/** The error of a request answered 400, with its status checked. */
async function refused(api: TestServer, path: string, init?: RequestInit): Promise<{ code: string; message: string; details: any }> {
  const res = await api.json(path, init);
  expect([path, res.status]).toEqual([path, 400]);
  return res.body.error;
}

const RUNS_PARAMETERS = [
  'q', 'project', 'dataset', 'model', 'status', 'tag', 'anyTag', 'createdBy', 'createdAfter', 'createdBefore',
  'minSuccessRate', 'maxSuccessRate', 'minDurationSeconds', 'maxDurationSeconds', 'text', 'sort', 'limit', 'cursor', 'tz',
];

// A query parameter a route does not take used to be ignored: `?since=7d` (the CLI's name of createdAfter) answered
// every run as if unfiltered. Now it is a 400 naming it, listing what the route takes and suggesting the closest.
describe.each(DATABASE_KINDS)('query parameters a route does not take, on %s', (kind) => {
  const api = useServer(kind);
  let runId = '';
  let otherId = '';
  beforeAll(async () => {
    for (const name of [`strict-query-${kind}`, `strict-query-other-${kind}`]) {
      const res = await api.json('/api/v1/runs', { method: 'POST', json: { name, metricsUsed: ['m'] } });
      expect(res.status).toBe(201);
      otherId = runId;
      runId = res.body.id;
    }
  });

  it('refuses ?since=7d on GET /runs, suggesting createdAfter and listing every parameter the route takes', async () => {
    const error = await refused(api, '/api/v1/runs?since=7d');
    expect(error).toEqual({
      code: 'invalid_request',
      message: `Unknown query parameter "since". Did you mean "createdAfter"? GET /api/v1/runs takes ${RUNS_PARAMETERS.join(', ')}.`,
      details: { field: 'querystring.since', unknown: ['since'], accepted: RUNS_PARAMETERS, suggestion: 'createdAfter' },
    });
    // The right name still filters.
    expect((await api.json('/api/v1/runs?createdAfter=2000-01-01')).status).toBe(200);
  });

  it('suggests the parameter meant by a typo, another spelling or the CLI\'s name, and none for a name like no other', async () => {
    const cases: Array<[string, string | null]> = [
      ['/api/v1/runs?limt=5', 'limit'],
      ['/api/v1/runs?created_after=2026-01-01', 'createdAfter'],
      ['/api/v1/runs?Created-By=me', 'createdBy'],
      ['/api/v1/runs?until=2026-01-01', 'createdBefore'],
      ['/api/v1/runs?tags=a', 'tag'],
      [`/api/v1/runs/${runId}/items?stauts=failed`, 'status'],
      ['/api/v1/compare?a=x&b=y&metric=m', 'metrics'],
      ['/api/v1/trends?metric=m&createdAfter=2026-01-01', 'since'],
      ['/api/v1/runs?unknown=1', null],
    ];
    for (const [path, suggestion] of cases) {
      const error = await refused(api, path);
      expect([path, error.details.suggestion]).toEqual([path, suggestion]);
      if (suggestion) expect(error.message).toContain(`Did you mean "${suggestion}"?`);
      else expect(error.message).not.toContain('Did you mean');
    }
  });

  it('refuses any parameter on a route that takes none, and names the first of several unknown ones', async () => {
    const none = await refused(api, `/api/v1/runs/${runId}?verbose=1`);
    expect(none.message).toBe('Unknown query parameter "verbose". GET /api/v1/runs/:run takes no query parameters.');
    expect(none.details).toMatchObject({ field: 'querystring.verbose', accepted: [], suggestion: null });
    const several = await refused(api, '/api/v1/runs?limit=5&foo=1&bar=2');
    expect(several.details).toMatchObject({ field: 'querystring.foo', unknown: ['foo', 'bar'] });
    // A write is refused before anything is written.
    const cancel = await refused(api, `/api/v1/runs/${runId}/cancel?now=1`, { method: 'POST' });
    expect(cancel.details.field).toBe('querystring.now');
    expect((await api.json(`/api/v1/runs/${runId}`)).body.status).toBe('running');
    // A very long name is shortened; never repeated whole.
    const long = await refused(api, `/api/v1/runs?${'n'.repeat(5000)}=1`);
    expect(long.details.field).toBe(`querystring.${'n'.repeat(100)}…`);
  });

  it('refuses a token in the query of a route that takes none, saying where it goes, without repeating it', async () => {
    const secret = 'lle_DoNotEchoThisSecretValue0123456789abcdefghij';
    for (const name of ['access_token', 'token', 'api_key']) {
      const res = await api.request(`/api/v1/runs?${name}=${secret}`);
      const text = await res.text();
      expect([name, res.status]).toEqual([name, 400]);
      expect(text).not.toContain(secret);
      const error = JSON.parse(text).error;
      expect(error.message).toContain(`Unknown query parameter "${name}". Send an API token as "Authorization: Bearer <token>", never in the query string`);
      expect(error.details.suggestion).toBeNull();
    }
  });

  it('takes every parameter the dashboard sends (packages/web: api/endpoints.ts and the pages building its queries)', async () => {
    const paths = [
      // The runs page (runFilters.ts listParams, useRunList), the run picker and the trend's bucket lookups.
      '/api/v1/runs?q=failed&status=completed&status=failed&project=alpha&dataset=d&model=m&tag=t&anyTag=u&createdBy=me' +
        '&createdAfter=2026-01-01T00:00:00.000Z&createdBefore=2026-02-01T00:00:00.000Z&minSuccessRate=0.5&maxSuccessRate=1' +
        '&text=x&sort=createdAt%3Adesc&tz=Europe%2FBerlin&limit=50',
      `/api/v1/runs/${runId}`,
      // The run page's items (itemQuery.ts, useRunItems.ts, pairRows.ts, useChangeRows.ts).
      `/api/v1/runs/${runId}/items?status=failed&metric=m&minScore=0&maxScore=1&limit=100`,
      `/api/v1/runs/${runId}/items?q=failed%20items&limit=100`,
      `/api/v1/runs/${runId}/items?itemId=a&itemId=b&limit=2`,
      `/api/v1/runs/${runId}/items?limit=100&sort=sequenceNumber`,
      // The compare page (compareState.ts, useChangeRows.ts).
      `/api/v1/compare?a=${otherId}&b=${runId}&metrics=m&confidence=0.9&minEffect=0.1&lowerIsBetter=m&primaryMetric=m&itemsLimit=0`,
      `/api/v1/compare?a=${otherId}&b=${runId}&itemsLimit=50&improvedCursor=`,
      // The trends page and the projects pages, health.
      '/api/v1/trends?metric=m&project=alpha&dataset=d&model=m&since=30d&bucket=day',
      '/api/v1/projects',
      '/api/v1/health',
      // A run's download (endpoints.ts exportUrl).
      `/api/v1/runs/${runId}/export?format=csv`,
    ];
    for (const path of paths) {
      const res = await api.request(path);
      const text = await res.text();
      expect([path, res.status, res.status === 200 ? '' : text]).toEqual([path, 200, '']);
    }
    // The delete of a running run, forced (endpoints.ts deleteRun).
    expect((await api.json(`/api/v1/runs/${runId}?force=true`, { method: 'DELETE' })).status).toBe(200);
  });

  it('accepts exactly the query parameters the OpenAPI document lists for each operation', async () => {
    const doc = (await api.json<OpenApiDocument>('/api/openapi.json')).body;
    const routes = registeredRoutes(api.server.app as never).filter((r) => r.path !== '/api/v1/events');
    expect(routes.length).toBeGreaterThan(15);
    for (const { method, path } of routes) {
      const operation = doc.paths[toOpenApiPath(path)]?.[method.toLowerCase()];
      expect([method, path, operation !== undefined]).toEqual([method, path, true]);
      const listed = (operation!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const url = path.replace(/:[A-Za-z]+/g, 'no-such-run');
      const res = await api.json(`${url}?zz_not_a_parameter=1`, { method, ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}', headers: { 'content-type': 'application/json' } }) });
      expect([method, path, res.status, res.body.error.details.accepted]).toEqual([method, path, 400, listed]);
    }
  });

  it('still answers a repeated parameter and an undecodable one as before', async () => {
    expect((await refused(api, '/api/v1/runs?limit=5&limit=6')).message).toBe('Query parameter "limit" is given 2 times; give it once.');
    expect((await refused(api, '/api/v1/runs?caf%E9=1')).message).toMatch(/^The query parameter "caf%E9" is not valid percent-encoded UTF-8/);
  });

  it('leaves the dashboard\'s pages and the docs their own parameters', async () => {
    expect((await api.request('/api/docs?zz=1')).status).toBeLessThan(400);
    expect((await api.request('/healthz?zz=1')).status).toBe(200);
    expect((await api.request('/api/openapi.json?zz=1')).status).toBe(200);
  });
});

describe.each(DATABASE_KINDS)('the live events route\'s query parameters, on %s', (kind) => {
  const api = useServer(kind);

  it('takes run and access_token, and refuses anything else suggesting the closest', async () => {
    const stream = await openEventStream(api.baseUrl, '?access_token=lle_unused');
    stream.close();
    const error = await refused(api, '/api/v1/events?acces_token=x');
    expect(error.details).toEqual({ field: 'querystring.acces_token', unknown: ['acces_token'], accepted: ['run', 'access_token'], suggestion: 'access_token' });
    expect(JSON.stringify(error)).not.toContain('=x');
    expect((await refused(api, '/api/v1/events?token=x')).details.suggestion).toBe('access_token');
  });

  it('refuses a WebSocket upgrade with an unknown parameter before opening it', async () => {
    const socket = new WebSocket(`${api.baseUrl.replace(/^http/, 'ws')}/api/v1/events?runn=latest`);
    const status = await new Promise<number>((resolve, reject) => {
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('the upgrade was accepted')));
      socket.on('error', () => undefined);
    });
    socket.terminate();
    expect(status).toBe(400);
  });
});

// With authentication on: a token in the query of a route that takes none is refused, never used nor repeated; and
// `?access_token=` given twice on the events route is the 400 of any repeated parameter, not a 401 about a header.
describe.each(DATABASE_KINDS)('tokens in query strings with authentication on, on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens' });
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(api.server.database, `strict-query-${kind}`);
  });

  it('refuses ?access_token= on GET /runs: a 400 with the header sent, a 401 without it; neither repeats the token', async () => {
    const secret = w.tokens.admin;
    const withHeader = await api.request(`/api/v1/runs?access_token=${encodeURIComponent(secret)}`, { headers: { authorization: `Bearer ${secret}` } });
    const withHeaderText = await withHeader.text();
    expect(withHeader.status).toBe(400);
    expect(JSON.parse(withHeaderText).error.details.field).toBe('querystring.access_token');
    const alone = await api.request(`/api/v1/runs?access_token=${encodeURIComponent(secret)}`);
    const aloneText = await alone.text();
    expect(alone.status).toBe(401);
    for (const text of [withHeaderText, aloneText]) expect(text).not.toContain(secret);
  });

  it('answers ?access_token= given twice on the events route with the repeated-parameter 400, never the token', async () => {
    const secret = w.tokens.viewer;
    for (const times of [2, 3]) {
      const query = Array.from({ length: times }, () => `access_token=${encodeURIComponent(secret)}`).join('&');
      const res = await api.request(`/api/v1/events?${query}`, { headers: { accept: 'text/event-stream' } });
      const text = await res.text();
      expect([times, res.status]).toEqual([times, 400]);
      expect(JSON.parse(text).error).toEqual({
        code: 'invalid_request',
        message: `Query parameter "access_token" is given ${times} times; give it once.`,
        details: { field: 'querystring.access_token' },
      });
      expect(text).not.toContain(secret);
      expect(res.headers.get('www-authenticate')).toBeNull();
    }
    // Once, it opens the stream.
    const stream = await openEventStream(api.baseUrl, `?access_token=${encodeURIComponent(secret)}`);
    stream.close();
  });
});
