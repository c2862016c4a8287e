import type { RunEvent } from './run-events';

/**
 * A live-event client as the hub sees it. `send` must return at once and never throw: a transport queues what it
 * cannot write yet (see Outbox) and disconnects a client that falls too far behind, so one slow client never delays
 * the others or the watcher that publishes.
 */
export interface Subscriber {
  /** Only events of this run id (undefined: every run). May change while subscribed (a WebSocket subscribe message). */
  runId?: string;
  /**
   * Only events of runs of these projects (the client's access scope; undefined or '*': every run). An event whose
   * run's project is not known is sent to '*' subscribers only.
   */
  projects?: '*' | readonly string[];
  send(event: RunEvent): void;
  /** Ends the client's stream (the server is closing). */
  close?(reason: string): void;
}

/** Fans events out to every subscriber that wants them. */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private closed = false;

  /**
   * Sends an event to every subscriber that wants it and may see it. `projectId` is its run's project (null: a run
   * without one; undefined: not known, then only subscribers of every run get it).
   */
  publish(event: RunEvent, projectId?: string | null): void {
    // A Set may lose members while it is iterated (a subscriber that overflows unsubscribes itself): that is safe.
    for (const s of this.subscribers) {
      if (s.runId !== undefined && s.runId !== event.runId) continue;
      if (s.projects !== undefined && s.projects !== '*' && (projectId == null || !s.projects.includes(projectId))) continue;
      try {
        s.send(event);
      } catch {
        // A broken transport must not keep the event from the others; its own close handler removes it.
      }
    }
  }

  /** Adds a subscriber; returns the function that removes it. After close(), the subscriber is closed at once. */
  subscribe(subscriber: Subscriber): () => void {
    if (this.closed) {
      subscriber.close?.('the server is closing');
      return () => undefined;
    }
    this.subscribers.add(subscriber);
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  /** Ends every subscriber's stream and refuses new ones (the server is closing). */
  close(reason = 'the server is closing'): void {
    this.closed = true;
    const all = [...this.subscribers];
    this.subscribers.clear();
    for (const s of all) {
      try {
        s.close?.(reason);
      } catch {
        // Closing one stream must not keep the others open.
      }
    }
  }

  /** How many subscribers are connected. */
  get size(): number {
    return this.subscribers.size;
  }
}

/** Where an Outbox writes: a WebSocket or an SSE response. */
export interface OutboxSink {
  /** Writes one message; returns false when the transport wants nothing more until the Outbox's drain() is called. */
  write(message: string): boolean;
  /** The client fell more than the queue's bound behind: end its connection. */
  overflow(): void;
}

/**
 * A bounded queue in front of one client's connection. Messages go straight to the transport while it accepts them;
 * once it pushes back they wait here, up to `maxQueued` of them, until the transport drains. A client that lets more
 * pile up is disconnected (overflow) instead of holding the server's memory: a stalled reader costs at most
 * `maxQueued` messages plus what the transport itself buffers, never more.
 */
export class Outbox {
  private queue: string[] = [];
  private head = 0;
  private blocked = false;
  private stopped = false;

  constructor(
    private readonly sink: OutboxSink,
    private readonly maxQueued: number,
  ) {}

  /** Messages waiting for the transport. */
  get queued(): number {
    return this.queue.length - this.head;
  }

  /** Sends a message now, or queues it while the transport pushes back; overflows past the bound. */
  push(message: string): void {
    if (this.stopped) return;
    if (!this.blocked && this.queued === 0) {
      if (!this.sink.write(message)) this.blocked = true;
      return;
    }
    if (this.queued >= this.maxQueued) {
      this.stop();
      this.sink.overflow();
      return;
    }
    this.queue.push(message);
  }

  /** The transport accepts writes again: send what waited, until it pushes back again. */
  drain(): void {
    this.blocked = false;
    while (!this.stopped && !this.blocked && this.queued > 0) {
      const message = this.queue[this.head]!;
      this.queue[this.head++] = '';
      if (!this.sink.write(message)) this.blocked = true;
    }
    if (this.queued === 0) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Drops what waits and ignores further messages (the connection ended). */
  stop(): void {
    this.stopped = true;
    this.queue = [];
    this.head = 0;
  }
}
