import { request as httpRequest } from 'node:http';
import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

/**
 * A request sent as many HTTP clients send every request: with a Content-Type (and, as curl and Python do for an
 * empty body, `Content-Length: 0`) but no body.
 */
function bodyless(api: TestServer, method: string, path: string, contentType: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${api.baseUrl}/api/v1${path}`, { method, headers: { 'content-type': contentType, 'content-length': '0' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const createRun = async (api: TestServer, name: string): Promise<string> =>
  (await api.json('/api/v1/runs', { method: 'POST', json: { name, projectId: 'bodyless' } })).body.id;

describe.each(DATABASE_KINDS)('requests without a body but with a Content-Type, on %s', (kind) => {
  const api = useServer(kind);

  it('deletes a run (DELETE takes no body) whether the Content-Type says JSON or text', async () => {
    for (const contentType of ['application/json', 'text/plain']) {
      const id = await createRun(api, `to-delete ${contentType}`);
      await api.json(`/api/v1/runs/${id}/finish`, { method: 'POST', json: {} });
      const res = await bodyless(api, 'DELETE', `/runs/${id}`, contentType);
      expect({ contentType, status: res.status, body: res.body }).toEqual({ contentType, status: 200, body: { deleted: id } });
    }
  });

  it('cancels and finishes a run without the optional body, and still refuses an empty body where one is required', async () => {
    const cancelled = await createRun(api, 'to-cancel');
    const cancel = await bodyless(api, 'POST', `/runs/${cancelled}/cancel`, 'application/json');
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ id: cancelled, status: 'cancelled', statusReason: 'cancelled through the API' });

    const finished = await createRun(api, 'to-finish');
    const finish = await bodyless(api, 'POST', `/runs/${finished}/finish`, 'application/json; charset=utf-8');
    expect(finish.status).toBe(200);
    expect(finish.body).toMatchObject({ id: finished, status: 'completed' });

    // Creating a run needs its body: an empty one is still a 400 for JSON, a 415 for another type.
    const json = await bodyless(api, 'POST', '/runs', 'application/json');
    expect(json.status).toBe(400);
    expect(json.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'body' }, message: expect.stringMatching(/body is empty/) });
    const text = await bodyless(api, 'POST', '/runs', 'text/plain');
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('unsupported_media_type');
  });
});
