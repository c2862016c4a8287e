import type { ServerResponse } from 'node:http';
import { Outbox, type EventHub, type Subscriber } from './event-hub';
import type { StreamMessage } from './run-events';
import type { RunTarget } from './websocket-stream';

/** Options of serveEventStream. */
export interface EventStreamOptions {
  /** The run `?run=` named, or null for every run. */
  initial: RunTarget | null;
  /** Most messages queued for a client that reads too slowly before its stream is ended. */
  maxQueued: number;
  /** The client's project scope ('*' or absent: every run); events of other runs are never sent. */
  projects?: '*' | readonly string[];
  /** How often a comment line keeps idle proxies from closing the stream (default 15 s). */
  heartbeatMs?: number;
  /** Asked before each run event is sent: false means the event is not sent (the stream is being ended instead). */
  admits?: () => boolean;
}

/** An open Server-Sent Events stream, as its caller ends it. */
export interface EventStream {
  /** Ends the stream now, after `last` (a final message) if given; no event is sent after it. */
  end(last?: string): void;
}

/** One Server-Sent Events message: the event name is the message type, the data its JSON (one line). */
export function sseMessage(message: StreamMessage): string {
  return `event: ${message.type}\ndata: ${JSON.stringify(message)}\n\n`;
}

/**
 * Serves live events as Server-Sent Events on a raw response (the caller has hijacked the reply). Writes go through
 * a bounded Outbox: while `res.write` reports a full buffer, messages queue until 'drain'; a client more than
 * `maxQueued` messages behind has its connection destroyed (it could not read an orderly end either), so it never
 * holds the server's memory. A comment line every heartbeatMs keeps proxies from timing the stream out; the client's
 * EventSource reconnects after `retry` ms if the stream ends.
 */
export function serveEventStream(res: ServerResponse, hub: EventHub, options: EventStreamOptions): EventStream {
  let ended = false;
  const outbox = new Outbox(
    {
      write: (chunk) => res.write(chunk),
      overflow: () => {
        end();
        res.destroy();
      },
    },
    options.maxQueued,
  );
  res.on('drain', () => outbox.drain());

  const subscriber: Subscriber = {
    runId: options.initial?.id,
    projects: options.projects,
    send: (event) => {
      if (options.admits && !options.admits()) return;
      outbox.push(sseMessage(event));
    },
    close: () => {
      end();
      res.end();
    },
  };

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx and similar proxies buffer responses unless told not to.
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  const heartbeat = setInterval(() => outbox.push(': keep-alive\n\n'), options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  let unsubscribe: () => void = () => undefined;

  function end() {
    if (ended) return;
    ended = true;
    unsubscribe();
    clearInterval(heartbeat);
    outbox.stop();
  }
  res.on('close', end);
  res.on('error', end);

  outbox.push('retry: 3000\n\n');
  outbox.push(sseMessage({ type: 'subscribed', runId: options.initial?.id ?? null, runName: options.initial?.name ?? null }));
  // Last: a hub that is already closing closes the subscriber at once, which must find everything in place.
  unsubscribe = hub.subscribe(subscriber);
  return {
    end(last) {
      if (ended) return;
      end();
      if (last !== undefined && !res.writableEnded) res.write(last);
      res.end();
    },
  };
}
