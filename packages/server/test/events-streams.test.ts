import WebSocket from 'ws';
import { createServer } from '../src';
import type { RunEvent } from '../src';
import { DATABASE_KINDS, useServer } from './server-harness';
import { eventsOf, openEventStream, openWebSocket, type StreamMessage } from './events-clients';
import { encodeSegment, HOSTILE_STRINGS, RAW_QUERY_VALUES } from './hostile-values';

// The events route itself: run narrowing (?run= and subscribe messages), unknown and hostile run references, the
// OpenAPI entry, slow clients that must not hold the server, closing the server, and (PostgreSQL) a lost LISTEN
// connection.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(20);
  }
}

/** The status the events route answers a WebSocket upgrade with (101 when it upgraded). */
function upgradeStatus(baseUrl: string, query: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v1/events${query}`);
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

describe.each(DATABASE_KINDS)('the events route on %s', (kind) => {
  const api = useServer(kind);

  it('answers an unknown ?run= with 404 in the one error shape, before streaming or upgrading', async () => {
    const sse = await api.json('/api/v1/events?run=no-such-run');
    expect(sse.status).toBe(404);
    expect(sse.body).toEqual({ error: { code: 'run_not_found', message: expect.stringContaining('no-such-run'), details: expect.any(Object) } });
    expect(await upgradeStatus(api.baseUrl, '?run=no-such-run')).toBe(404);
    expect(api.server.events.size).toBe(0);
  });

  it('answers HEAD with the stream headers and holds nothing open', async () => {
    const head = await fetch(`${api.baseUrl}/api/v1/events`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(api.server.events.size).toBe(0);
    expect((await fetch(`${api.baseUrl}/api/v1/events?run=nope`, { method: 'HEAD' })).status).toBe(404);
  });

  it('answers hostile ?run= values with 2xx or 4xx, never 5xx, and never leaks SQL', async () => {
    await api.server.database.runs.createRun({ name: 'a hostile neighbour' });
    const encoded = [...HOSTILE_STRINGS.map(encodeSegment), ...RAW_QUERY_VALUES, 'a&run=b', 'latest&run=latest'];
    for (const value of encoded) {
      const query = `?run=${value}`;
      const abort = new AbortController();
      const response = await fetch(`${api.baseUrl}/api/v1/events${query}`, { signal: abort.signal });
      const label = `${JSON.stringify(value.slice(0, 40))} → ${response.status}`;
      if (response.status === 200) {
        abort.abort();
      } else {
        const text = await response.text();
        expect(`${label} ${text}`).not.toMatch(/SELECT|syntax error|at .*\.ts:\d+/);
        expect(JSON.parse(text)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      }
      expect(label).toMatch(/→ [24]\d\d$/);
      const upgraded = await upgradeStatus(api.baseUrl, query);
      expect(`${JSON.stringify(value.slice(0, 40))} → ${upgraded}`).toMatch(/→ (101|4\d\d)$/);
    }
    await waitUntil('every probe stream to close', () => api.server.events.size === 0);
  });

  it('narrows a WebSocket with subscribe messages, widens it with unsubscribe, and answers bad messages without closing', async () => {
    const { runs } = api.server.database;
    const a = await runs.createRun({ name: `sub-a ${kind}`, status: 'running' });
    const b = await runs.createRun({ name: `sub-b ${kind}`, status: 'running' });
    const ws = await openWebSocket(api.baseUrl);
    try {
      ws.send({ type: 'subscribe', run: a.id.slice(0, 10) });
      const ack = await ws.waitFor('the subscribe answer', (m) => m.type === 'subscribed' && m.runId === a.id);
      expect(ack).toEqual({ type: 'subscribed', runId: a.id, runName: `sub-a ${kind}` });
      const afterAck = () => ws.messages.slice(ws.messages.indexOf(ack) + 1);
      await runs.addItems(b.id, [{ itemId: 'b1' }]);
      await runs.addItems(a.id, [{ itemId: 'a1' }]);
      await ws.waitFor('progress of a', (m) => m.type === 'run.progress' && m.runId === a.id);
      await runs.updateRun(a.id, { status: 'completed' });
      await ws.waitFor('a finishing', (m) => m.type === 'run.finished' && m.runId === a.id);
      expect(afterAck().filter((m) => m.runId === b.id)).toEqual([]);

      ws.send({ type: 'unsubscribe' });
      await ws.waitFor('the unsubscribe answer', (m) => m.type === 'subscribed' && m.runId === null);
      await runs.addItems(b.id, [{ itemId: 'b2' }]);
      await ws.waitFor('progress of b after unsubscribe', (m) => m.type === 'run.progress' && m.runId === b.id && m.itemsStored === 2);

      // Bad messages get an error message each; the socket stays open and still obeys a good one.
      const before = ws.messages.filter((m) => m.type === 'error').length;
      const bad: unknown[] = ['not json', { type: 'subscribe' }, { type: 'dance' }, { type: 'subscribe', run: 'no-such-run' }];
      for (const value of HOSTILE_STRINGS) bad.push({ type: 'subscribe', run: value });
      for (const message of bad) ws.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
      ws.socket.send(Buffer.from([0xff, 0x00]), { binary: true });
      ws.send({ type: 'subscribe', run: b.id });
      await ws.waitFor('the final subscribe answer', (m) => m.type === 'subscribed' && m.runId === b.id);
      const answers = ws.messages.slice(ws.messages.findIndex((m) => m.type === 'subscribed' && m.runId === null) + 1);
      const errors = answers.filter((m) => m.type === 'error') as Array<StreamMessage & { error: { code: string; message: string } }>;
      expect(errors.length).toBeGreaterThanOrEqual(before + 4);
      for (const e of errors) {
        expect(e.error.code).not.toBe('internal');
        expect(e.error.message).not.toMatch(/SELECT|syntax error/);
      }
      expect(errors.find((e) => e.error.code === 'run_not_found')?.error.message).toContain('no-such-run');
      expect(ws.socket.readyState).toBe(WebSocket.OPEN);
    } finally {
      ws.close();
    }
  });

  it('reports a run stored whole (an import) as created then finished, with no progress in between', async () => {
    const sse = await openEventStream(api.baseUrl);
    try {
      const items = Array.from({ length: 40 }, (_, i) => ({ itemId: `i${i}`, status: i < 30 ? 'completed' : 'failed' }) as const);
      const imported = await api.server.database.runs.importRun({ name: `imported ${kind}`, status: 'completed', durationSeconds: 2 }, items);
      await sse.waitFor('the import finishing', (m) => m.type === 'run.finished' && m.runId === imported.id);
      expect(eventsOf(sse, imported.id)).toEqual([
        expect.objectContaining({ type: 'run.created', runName: `imported ${kind}`, status: 'completed' }),
        expect.objectContaining({ type: 'run.finished', runName: `imported ${kind}`, status: 'completed', totalItems: 40, successfulItems: 30, failedItems: 10 }),
      ]);
    } finally {
      sse.close();
    }
  });

  it('is in the OpenAPI document as one GET with the SSE response and the WebSocket upgrade described', async () => {
    const doc = await api.json('/api/openapi.json');
    const op = doc.body.paths['/api/v1/events'].get;
    expect(op.tags).toEqual(['events']);
    expect(op.description).toMatch(/WebSocket/);
    expect(Object.keys(op.responses['200'].content)).toEqual(['text/event-stream']);
    expect(op.responses['404']).toBeDefined();
    expect(op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(['query:run', 'query:access_token']);
    expect(Object.keys(doc.body.components.schemas)).toEqual(expect.arrayContaining(['RunEvent', 'RunProgressEvent', 'RunFinishedEvent']));
  });
});

describe.each(DATABASE_KINDS)('slow and closing clients on %s', (kind) => {
  const api = useServer(kind, { maxQueuedEvents: 200 });

  it('disconnects clients that stop reading while the others receive every event', async () => {
    const hub = api.server.events;
    const fastWs = await openWebSocket(api.baseUrl);
    const fastSse = await openEventStream(api.baseUrl);
    const slowWs = await openWebSocket(api.baseUrl);
    // A WebSocket whose peer stops reading its TCP socket, and an SSE response nobody reads.
    (slowWs.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const slowSse = await fetch(`${api.baseUrl}/api/v1/events`);
    expect(slowSse.status).toBe(200);
    await waitUntil('four subscribers', () => hub.size === 4);

    const name = 'n'.repeat(4000);
    let published = 0;
    const event = (i: number): RunEvent => ({ type: 'run.deleted', runId: `burst-${i}`, runName: name, at: new Date().toISOString() });
    // Bursts of 50 (well inside the queue bound); the next burst once the reading clients have the last one. The
    // clients that stopped reading fall further behind with every burst until the server lets them go.
    const base = [fastWs.messages.length, fastSse.messages.length];
    while (hub.size > 2 && published < 200_000) {
      for (let k = 0; k < 50; k++) hub.publish(event(published++));
      const deadline = Date.now() + 30_000;
      while (fastWs.messages.length - base[0]! < published || fastSse.messages.length - base[1]! < published) {
        if (Date.now() > deadline) throw new Error(`the reading clients stopped receiving at ${published} events`);
        await new Promise((r) => setImmediate(r));
      }
    }
    expect(hub.size).toBe(2);
    expect(published).toBeLessThan(200_000);
    hub.publish({ type: 'run.deleted', runId: 'marker', runName: 'marker', at: new Date().toISOString() });
    for (const client of [fastWs, fastSse]) {
      await client.waitFor('the marker', (m) => m.runId === 'marker', 60_000);
      const burst = client.messages.filter((m) => typeof m.runId === 'string' && m.runId.startsWith('burst-'));
      expect(burst).toHaveLength(published);
      expect(burst.map((m) => m.runId)).toEqual(Array.from({ length: published }, (_, i) => `burst-${i}`));
    }

    // The slow WebSocket, once it reads again, learns why: 1013 Try Again Later.
    (slowWs.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    const closed = await slowWs.closed;
    expect(closed.code).toBe(1013);
    expect(closed.reason).toMatch(/too slow/i);
    await slowSse.body?.cancel().catch(() => undefined);
    fastWs.close();
    fastSse.close();
  });

  it('ends every open stream when the server closes', async () => {
    const server = await createServer({ databaseUrl: api.databaseUrl, port: 0 });
    const baseUrl = await server.listen();
    const sse = await openEventStream(baseUrl);
    const ws = await openWebSocket(baseUrl);
    expect(server.events.size).toBe(2);
    await server.close();
    await expect(sse.ended).resolves.toBeUndefined();
    const closed = await ws.closed;
    expect([1001, 1005, 1006]).toContain(closed.code);
    expect(server.events.size).toBe(0);
  });
});

describe('a lost PostgreSQL LISTEN connection', () => {
  const api = useServer('postgres');

  it('is reconnected, and runs written meanwhile still reach clients', async () => {
    const db = api.server.database;
    const listeners = async (): Promise<number[]> =>
      (
        await db.dataSource.query(
          `SELECT pid FROM pg_stat_activity WHERE application_name = 'llm-eval live events' AND datname = current_database()`,
        )
      ).map((r: { pid: number }) => Number(r.pid));
    await waitUntil('the watcher to LISTEN', async () => (await listeners()).length === 1);
    const [first] = await listeners();
    const ws = await openWebSocket(api.baseUrl);
    try {
      await db.dataSource.query(`SELECT pg_terminate_backend($1)`, [first]);
      // Written while the watcher may still be reconnecting: the resync after reconnecting finds it.
      const run = await db.runs.createRun({ name: 'written during the outage', status: 'running' });
      const whole = await db.runs.importRun({ name: 'imported during the outage', status: 'completed' }, [{ itemId: 'only' }]);
      await waitUntil('the watcher to LISTEN again', async () => {
        const now = await listeners();
        return now.length === 1 && now[0] !== first;
      });
      await db.runs.addItems(run.id, [{ itemId: 'x' }, { itemId: 'y', status: 'failed' }]);
      await db.runs.updateRun(run.id, { status: 'failed', statusReason: 'test' });
      const finished = await ws.waitFor('run.finished after the reconnect', (m) => m.type === 'run.finished' && m.runId === run.id);
      expect(finished).toMatchObject({ runName: 'written during the outage', status: 'failed', statusReason: 'test' });
      expect(eventsOf(ws, run.id)[0]).toMatchObject({ type: 'run.created', runName: 'written during the outage' });
      await ws.waitFor('the import made during the outage', (m) => m.type === 'run.finished' && m.runId === whole.id);
      expect(eventsOf(ws, whole.id).map((m) => m.type)).toEqual(['run.created', 'run.finished']);
    } finally {
      ws.close();
    }
  });
});
