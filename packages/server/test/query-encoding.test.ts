import { connect } from 'node:net';
import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

/** The names of the runs a list request answers with, sorted (the request must succeed). */
async function runNames(api: TestServer, query: string): Promise<string[]> {
  const res = await api.json(`/api/v1/runs?${query}`);
  expect([query, res.status]).toEqual([query, 200]);
  return res.body.runs.map((r: { name: string }) => r.name).sort();
}

/** Expects the 400 that names a query parameter whose percent-encoding is not UTF-8. */
function expectUndecodable(label: string, res: { status: number; body: any }, name: string): void {
  expect([label, res.status, res.body?.error?.code, res.body?.error?.details]).toEqual([label, 400, 'invalid_request', { field: `querystring.${name}` }]);
  expect(res.body.error.message).toBe(
    `The query parameter ${JSON.stringify(name)} is not valid percent-encoded UTF-8; encode the text as UTF-8 before ` +
      'percent-encoding it (café is caf%C3%A9, and % itself is %25).',
  );
}

/**
 * A WebSocket upgrade of the events route sent by hand: the whole answer, read until the server closes the socket
 * (so a refused upgrade that left its socket open would never resolve).
 */
function rawUpgrade(baseUrl: string, pathAndQuery: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `GET ${pathAndQuery} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
    });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

// A query string is percent-encoded UTF-8. Text that is not (a Latin-1 byte, an encoded lone surrogate, a stray %)
// is refused with a 400 naming the parameter, as the same text in the path is, instead of being used undecoded.
describe.each(DATABASE_KINDS)('query parameters that are not percent-encoded UTF-8 on %s', (kind) => {
  const api = useServer(kind);
  let runId = '';

  beforeAll(async () => {
    for (const [name, datasetName] of [['café au lait', 'a+b'], ['caf%E9 literally', 'a b'], ['100% done', 'squad']]) {
      const res = await api.json('/api/v1/runs', { method: 'POST', json: { name, datasetName, metricsUsed: ['m'] } });
      expect(res.status).toBe(201);
      runId ||= res.body.id;
    }
  });

  it('refuses a value that is not UTF-8 (caf%E9, %ED%A0%80) or not percent-encoding (%zz, 100%) with a 400 naming it', async () => {
    expectUndecodable('q=caf%E9', await api.json('/api/v1/runs?q=caf%E9'), 'q');
    expectUndecodable('dataset=%ED%A0%80', await api.json('/api/v1/runs?dataset=%ED%A0%80'), 'dataset');
    expectUndecodable('text=%zz', await api.json('/api/v1/runs?text=%zz'), 'text');
    expectUndecodable('text=100%', await api.json('/api/v1/runs?text=100%'), 'text');
    expectUndecodable('overlong /', await api.json('/api/v1/runs?model=%C0%AF'), 'model');
    // Whichever parameter it is among good ones, and even in one value of a repeated list parameter.
    expectUndecodable('among others', await api.json('/api/v1/runs?limit=5&tag=ok&createdBy=Jos%E9&sort=name'), 'createdBy');
    expectUndecodable('repeated', await api.json('/api/v1/runs?tag=nightly&tag=caf%E9'), 'tag');
  });

  it('refuses it on every route, before anything is read, written or streamed', async () => {
    const paths = [
      `/api/v1/runs/${runId}?x=%E9`,
      `/api/v1/runs/${runId}/items?text=caf%E9`,
      `/api/v1/runs/${runId}/export?format=%E9`,
      `/api/v1/compare?a=${runId}&b=caf%E9`,
      '/api/v1/trends?metric=%ED%A0%80',
      '/api/v1/projects?x=%E9',
      '/api/v1/health?x=%E9',
      '/api/v1/audit?action=%E9',
      '/api/v1/events?run=caf%E9',
      '/healthz?x=%E9',
      '/api/openapi.json?x=%E9',
      // The docs page comes from a plugin registered before the API's routes.
      '/api/docs?x=%E9',
    ];
    for (const path of paths) {
      const res = await api.json(path);
      const name = [...new URL(path, api.baseUrl).searchParams.keys()].at(-1)!;
      expectUndecodable(path, res, name);
    }
    const head = await api.request('/api/v1/events?run=caf%E9', { method: 'HEAD' });
    expect(head.status).toBe(400);
    expect(api.server.events.size).toBe(0);

    const created = await api.json('/api/v1/runs?projectId=%E9', { method: 'POST', json: { name: 'never stored' } });
    expectUndecodable('POST /runs', created, 'projectId');
    const deleted = await api.json(`/api/v1/runs/${runId}?force=%E9`, { method: 'DELETE' });
    expectUndecodable('DELETE /runs/:run', deleted, 'force');
    expect(await runNames(api, 'limit=100')).toEqual(['100% done', 'caf%E9 literally', 'café au lait']);

    // A live-events WebSocket upgrade gets the 400 too, and its socket is closed.
    const answer = await rawUpgrade(api.baseUrl, '/api/v1/events?run=caf%E9');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"field":"querystring.run"');
    expect(api.server.events.size).toBe(0);
  });

  it('names an undecodable parameter name, and never repeats a long name or any value', async () => {
    expectUndecodable('name %E9', await api.json('/api/v1/runs?%E9=1'), '%E9');
    expectUndecodable('name %zz', await api.json('/api/v1/runs?limit=5&%zz'), '%zz');

    const longName = `${'n'.repeat(5_000)}%E9`;
    const named = await api.json(`/api/v1/runs?${longName}=1`);
    expect([named.status, named.body.error.details.field]).toEqual([400, `querystring.${'n'.repeat(100)}…`]);
    expect(named.body.error.message.length).toBeLessThan(300);

    const secret = `lle_${'s'.repeat(43)}`;
    for (const query of [`q=${'v'.repeat(10_000)}%E9`, `access_token=${secret}%E9`]) {
      const res = await api.request(`/api/v1/runs?${query}`);
      const text = await res.text();
      expect([query.slice(0, 20), res.status]).toEqual([query.slice(0, 20), 400]);
      expect(text).not.toContain('vvvvvvvvvv');
      expect(text).not.toContain(secret);
    }
  });

  it('keeps valid percent-encoding, + for a space, %2B and repeated parameters working as before', async () => {
    expect(await runNames(api, 'text=caf%C3%A9')).toEqual(['café au lait']);
    expect(await runNames(api, 'text=caf%C3%A9+au')).toEqual(['café au lait']);
    expect(await runNames(api, 'text=caf%25E9')).toEqual(['caf%E9 literally']);
    expect(await runNames(api, 'text=100%25')).toEqual(['100% done']);
    expect(await runNames(api, 'dataset=a%2Bb')).toEqual(['café au lait']);
    expect(await runNames(api, 'dataset=a+b')).toEqual(['caf%E9 literally']);
    expect(await runNames(api, 'dataset=a%20b')).toEqual(['caf%E9 literally']);
    expect(await runNames(api, 'q=caf%C3%A9')).toEqual(['café au lait']);
    expect(await runNames(api, 't%65xt=done')).toEqual(['100% done']);
    expect(await runNames(api, 'status=running&status=failed&dataset=squad')).toEqual(['100% done']);
    expect(await runNames(api, '&&text=done&')).toEqual(['100% done']);

    const twice = await api.json('/api/v1/runs?limit=5&limit=6');
    expect([twice.status, twice.body.error.message]).toEqual([400, 'Query parameter "limit" is given 2 times; give it once.']);
  });
});
