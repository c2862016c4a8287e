import { openWebSocket, type StreamMessage } from './events-clients';
import { DATABASE_KINDS, useServer } from './server-harness';

// A token pasted where a run reference or a query goes must not come back whole: errors and explanations repeat what
// the client sent, and the dashboard shows them. Such a value is cut to its prefix (`lle_` and 8 more), as the CLI does.
describe.each(DATABASE_KINDS)('token-shaped values in responses on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens' });
  let admin = '';
  let runId = '';
  const get = (path: string) => api.json(path, { headers: { authorization: `Bearer ${admin}` } });

  beforeAll(async () => {
    admin = (await api.server.database.tokens.create({ name: `admin-${kind}`, role: 'admin', projects: '*' })).secret;
    const run = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'one' }, headers: { authorization: `Bearer ${admin}` } });
    runId = run.body.id;
    await api.json(`/api/v1/runs/${runId}/items`, { method: 'POST', json: { items: [{ itemId: 'a' }] }, headers: { authorization: `Bearer ${admin}` } });
  });

  it('are cut to their prefix in the error of a run reference, wherever it is named', async () => {
    const shown = `${admin.slice(0, 12)}…`;
    for (const path of [`/api/v1/runs/${admin}`, `/api/v1/runs/${admin}/items`, `/api/v1/compare?a=${admin}&b=${runId}`, `/api/v1/nowhere/${admin}`]) {
      const res = await get(path);
      const text = JSON.stringify(res.body);
      expect({ path, status: res.status, leaks: text.includes(admin.slice(12)) }).toEqual({ path, status: res.status, leaks: false });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(text).toContain(shown);
    }
  });

  it('are cut to their prefix in a search explanation, of runs and of items', async () => {
    const runs = await get(`/api/v1/runs?q=${admin}`);
    expect(runs.status).toBe(200);
    expect(runs.body.explanation).toBe(`text contains "${admin.slice(0, 12)}…"`);
    expect(JSON.stringify(runs.body)).not.toContain(admin.slice(12));
    const items = await get(`/api/v1/runs/${runId}/items?q=${encodeURIComponent(`text contains ${admin}`)}`);
    expect({ status: items.status, explanation: items.body.explanation }).toEqual({ status: 200, explanation: `text contains "${admin.slice(0, 12)}…"` });
    const structured = await get(`/api/v1/runs/${runId}/items?text=${admin}`);
    expect({ status: structured.status, explanation: structured.body.explanation }).toEqual({ status: 200, explanation: `text contains "${admin.slice(0, 12)}…"` });
  });

  it('are cut to their prefix in the error a WebSocket subscribe gets for a run reference', async () => {
    const ws = await openWebSocket(api.baseUrl, `?access_token=${encodeURIComponent(admin)}`);
    try {
      for (const run of [admin, `latest ${admin}`, admin.toUpperCase()]) {
        const before = ws.messages.length;
        ws.send({ type: 'subscribe', run });
        const answer = (await ws.waitFor(`the answer to subscribing to ${run.slice(0, 12)}`, (m) => m.type === 'error' && ws.messages.indexOf(m) >= before)) as StreamMessage & {
          error: { code: string; message: string };
        };
        expect(answer.error.code).toBe('run_not_found');
        expect(answer.error.message).toContain(`${run.replace(admin.slice(12), "").replace(admin.slice(12).toUpperCase(), "")}…`);
        expect(JSON.stringify(answer).toLowerCase()).not.toContain(admin.slice(12).toLowerCase());
      }
    } finally {
      ws.close();
    }
  });
});
