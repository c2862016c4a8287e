import WebSocket from 'ws';

/** A message a live-event stream sent (run events and the stream's own subscribed / error messages). */
export type StreamMessage = { type: string; runId?: string | null; runName?: string | null; [key: string]: unknown };

/** Messages received so far, and a way to wait for one. */
export interface MessageLog {
  readonly messages: StreamMessage[];
  /** Resolves with the first message (already received or coming) that matches; fails after `limitMs`. */
  waitFor(what: string, match: (m: StreamMessage) => boolean, limitMs?: number): Promise<StreamMessage>;
}

function messageLog(): MessageLog & { add(m: StreamMessage): void; fail(error: Error): void } {
  const messages: StreamMessage[] = [];
  const waiters = new Set<{ match: (m: StreamMessage) => boolean; resolve: (m: StreamMessage) => void }>();
  let failure: Error | null = null;
  return {
    messages,
    add(m) {
      messages.push(m);
      for (const w of waiters) {
        if (w.match(m)) {
          waiters.delete(w);
          w.resolve(m);
        }
      }
    },
    fail(error) {
      failure = error;
    },
    waitFor(what, match, limitMs = 30_000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const tail = messages.slice(-5).map((m) => JSON.stringify(m).slice(0, 200));
          reject(new Error(`gave up waiting for ${what}${failure ? ` (stream failed: ${failure.message})` : ''}; last messages: ${tail.join(' | ')}`));
        }, limitMs);
        const waiter = {
          match,
          resolve: (m: StreamMessage) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        waiters.add(waiter);
      });
    },
  };
}

/** A WebSocket client of /api/v1/events. */
export interface WsClient extends MessageLog {
  readonly socket: WebSocket;
  send(message: unknown): void;
  /** Resolves with the close code and reason once the socket is closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Opens a WebSocket to the events route and resolves once the server said which runs it carries. */
export async function openWebSocket(baseUrl: string, query = ''): Promise<WsClient> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v1/events${query}`);
  const log = messageLog();
  socket.on('message', (data) => log.add(JSON.parse(data.toString())));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade answered ${res.statusCode}`), { statusCode: res.statusCode })));
  });
  socket.on('error', (error) => log.fail(error));
  await log.waitFor('the subscribed message', (m) => m.type === 'subscribed');
  return { ...log, messages: log.messages, waitFor: log.waitFor, socket, send: (m) => socket.send(JSON.stringify(m)), closed, close: () => socket.close() };
}

/** A Server-Sent Events client of /api/v1/events (fetch, reading the body stream). */
export interface SseClient extends MessageLog {
  readonly response: Response;
  /** Resolves when the server ended the stream (or it broke). */
  readonly ended: Promise<void>;
  close(): void;
}

/** Parses Server-Sent Events text: each event's `event:` name must equal its JSON data's type. */
function parseSse(block: string): StreamMessage | null {
  let event = '';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  const message = JSON.parse(data.join('\n')) as StreamMessage;
  if (message.type !== event) throw new Error(`SSE event "${event}" carries a message of type "${message.type}"`);
  return message;
}

/** Opens the SSE stream; resolves once the server said which runs it carries. */
export async function openEventStream(baseUrl: string, query = ''): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/events${query}`, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
  if (response.status !== 200) throw Object.assign(new Error(`events answered ${response.status}: ${await response.text()}`), { statusCode: response.status });
  const log = messageLog();
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message = parseSse(block);
          if (message) log.add(message);
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) log.fail(error as Error);
    }
  })();
  await log.waitFor('the subscribed message', (m) => m.type === 'subscribed');
  return { ...log, messages: log.messages, waitFor: log.waitFor, response, ended, close: () => abort.abort() };
}

/** The messages about one run, in the order received. */
export function eventsOf(log: MessageLog, runId: string): StreamMessage[] {
  return log.messages.filter((m) => m.runId === runId && m.type.startsWith('run.'));
}

/**
 * Checks one run's lifecycle as a client saw it: run.created first, at least one run.progress with items that never
 * go down, run.finished last, every message naming the run by id and name.
 */
export function expectLifecycle(events: StreamMessage[], runId: string, runName: string): void {
  const types = events.map((e) => e.type);
  expect(types[0]).toBe('run.created');
  expect(types.at(-1)).toBe('run.finished');
  expect(types.filter((t) => t === 'run.created')).toHaveLength(1);
  expect(types.filter((t) => t === 'run.finished')).toHaveLength(1);
  const progress = events.filter((e) => e.type === 'run.progress');
  expect(progress.length).toBeGreaterThanOrEqual(1);
  expect(types.slice(1, -1).every((t) => t === 'run.progress')).toBe(true);
  const stored = progress.map((p) => p.itemsStored as number);
  expect(stored).toEqual([...stored].sort((a, b) => a - b));
  for (const e of events) expect(e).toMatchObject({ runId, runName });
}
