import type { RunEvent } from './run-events';

/** Receives the events a subscriber asked for; returns false when the subscriber can take no more. */
export interface Subscriber {
  /** Only events of this run id (undefined: every run). */
  runId?: string;
  send(event: RunEvent): void;
}

/** Fans events out to every subscriber. */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();

  /** Sends an event to every subscriber that wants it. */
  publish(event: RunEvent): void {
    for (const s of this.subscribers) {
      if (s.runId === undefined || s.runId === event.runId) s.send(event);
    }
  }

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** How many subscribers are connected. */
  get size(): number {
    return this.subscribers.size;
  }
}
