import type { WebSocket } from 'ws';
import { errorBody, toApiError } from '../errors';
import { Outbox, type EventHub, type Subscriber } from './event-hub';
import type { StreamMessage } from './run-events';
import { readClientMessage } from './client-message';
import { sayMessageLimit } from './websocket-client-errors';

/** A run a stream is narrowed to. */
export interface RunTarget {
  id: string;
  name: string;
}

/** Options of serveWebSocket. */
export interface WebSocketStreamOptions {
  /** The run `?run=` named (resolved before the upgrade), or null for every run. */
  initial: RunTarget | null;
  /** Resolves a subscribe message's run reference (throws the typed errors of search/storage). */
  resolve(reference: string): Promise<RunTarget>;
  /** The client's project scope ('*' or absent: every run); events of other runs are never sent. */
  projects?: '*' | readonly string[];
  /** Most messages queued for a client that reads too slowly before it is disconnected. */
  maxQueued: number;
  /** How often the server pings; a peer that has not answered the previous ping is dropped (default 30 s). */
  pingMs?: number;
  /** Asked before each run event is sent: false means the event is not sent (the socket is being closed instead). */
  admits?: () => boolean;
}

/** An open live-events WebSocket, as its caller ends it. */
export interface EventSocket {
  /** Closes the socket now with `code` and `reason`; no event is sent after it. */
  close(code: number, reason: string): void;
}

/** Sends in flight at once (written to the socket, completion not yet reported); more wait in the Outbox. */
const SEND_WINDOW = 32;
/** Bytes ws may hold for one socket before the Outbox holds messages back instead. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** After closing a slow client's socket, how long its close handshake may take before the socket is destroyed. */
const CLOSE_GRACE_MS = 5_000;
/** WebSocket close code "Try Again Later": the client could not keep up and may reconnect. */
const TRY_AGAIN_LATER = 1013;
const GOING_AWAY = 1001;

/**
 * Serves live events over one WebSocket. Sends go through a bounded Outbox: at most SEND_WINDOW sends (and at most
 * MAX_BUFFERED_BYTES of ws's buffer) are in flight; past that messages queue, and a client more than `maxQueued`
 * messages behind is closed with 1013 (and destroyed if it cannot even take the close frame), so it never holds the
 * server's memory or delays other clients. Client messages: `{"type":"subscribe","run":"<ref>"}` narrows the stream to
 * one run, `{"type":"unsubscribe"}` widens it to every run; each is answered with a `subscribed` message, or an
 * `error` message when it cannot be followed (the connection stays open).
 */
export function serveWebSocket(socket: WebSocket, hub: EventHub, options: WebSocketStreamOptions): EventSocket {
  sayMessageLimit(socket);
  let inFlight = 0;
  let ended = false;
  let alive = true;
  const sink = {
    write(message: string): boolean {
      inFlight++;
      socket.send(message, () => {
        inFlight--;
        if (!ended && inFlight <= SEND_WINDOW / 2) outbox.drain();
      });
      return inFlight < SEND_WINDOW && socket.bufferedAmount < MAX_BUFFERED_BYTES;
    },
    overflow() {
      end();
      socket.close(TRY_AGAIN_LATER, `Too slow: more than ${options.maxQueued} events waiting. Reconnect.`);
      setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
    },
  };
  const outbox = new Outbox(sink, options.maxQueued);
  const send = (message: StreamMessage) => outbox.push(JSON.stringify(message));

  const closeNow = (code: number, reason: string) => {
    end();
    socket.close(code, reason.slice(0, 120));
    setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
  };
  const subscriber: Subscriber = {
    runId: options.initial?.id,
    projects: options.projects,
    send: (event) => {
      if (options.admits && !options.admits()) return;
      send(event);
    },
    close: (reason) => closeNow(GOING_AWAY, reason),
  };
  let unsubscribe: () => void = () => undefined;

  const ping = setInterval(() => {
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, options.pingMs ?? 30_000);
  ping.unref();
  socket.on('pong', () => {
    alive = true;
  });

  function end() {
    if (ended) return;
    ended = true;
    unsubscribe();
    clearInterval(ping);
    outbox.stop();
  }
  socket.on('close', end);
  socket.on('error', end);

  // Client messages are handled one after another, so a subscribe's answer never overtakes an earlier one's.
  let queue: Promise<void> = Promise.resolve();
  socket.on('message', (data, isBinary) => {
    queue = queue.then(() => handle(isBinary ? null : data.toString()));
  });

  async function handle(text: string | null): Promise<void> {
    if (ended) return;
    const read = readClientMessage(text);
    if ('error' in read) {
      send({ type: 'error', error: read.error });
      return;
    }
    const message = read.message;
    if (message.type === 'unsubscribe') {
      subscriber.runId = undefined;
      send({ type: 'subscribed', runId: null, runName: null });
      return;
    }
    try {
      const run = await options.resolve(message.run);
      if (ended) return;
      subscriber.runId = run.id;
      send({ type: 'subscribed', runId: run.id, runName: run.name });
    } catch (error) {
      const apiError = toApiError(error);
      // Said as an error response says it (a token pasted as the run is cut to its prefix).
      const safe = apiError.statusCode < 500 ? errorBody(apiError).error : { code: 'internal', message: 'The run could not be looked up. Try again.' };
      send({ type: 'error', error: { code: safe.code, message: safe.message } });
    }
  }

  send({ type: 'subscribed', runId: options.initial?.id ?? null, runName: options.initial?.name ?? null });
  // Last: a hub that is already closing closes the subscriber at once, which must find everything in place.
  unsubscribe = hub.subscribe(subscriber);
  return {
    close(code, reason) {
      if (!ended) closeNow(code, reason);
    },
  };
}
