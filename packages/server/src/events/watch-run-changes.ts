import type { Database } from '@llm-eval/storage';
import { openChangeSource, type ChangeSource, type WatchLog } from './change-sources';
import type { EventHub } from './event-hub';
import { RunEventTracker } from './run-event-tracker';
import type { RunEvent } from './run-events';

/** Watches the database for run changes made by any process and publishes them as events. */
export interface ChangeWatcher {
  /**
   * Reads and publishes every change committed so far, now (waiting for a poll under way first). Called before the
   * server deletes a run: once the row is gone, what happened to it before (created, finished) can no longer be read.
   */
  catchUp(): Promise<void>;
  close(): Promise<void>;
}

/** Options of watchRunChanges. */
export interface WatchOptions {
  /** How often changes are read (SQLite: the data_version check; PostgreSQL: the buffered notifications). */
  pollMs: number;
  /** Least time between two progress messages of one run (default 250 ms). */
  progressIntervalMs?: number;
  log?: WatchLog;
}

/** Events published before the watcher yields to I/O, so clients' writes complete between chunks of a burst. */
const PUBLISH_CHUNK = 100;

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Starts watching: every `pollMs` it reads what changed (see change-sources.ts for how each database tells), turns it
 * into events (run-event-tracker.ts) and publishes them to the hub. Runs written by any process — another terminal's
 * `llm-eval evaluate`, the Evaluator API elsewhere, an ingest through this server, a CLI delete — appear within about
 * `pollMs` plus one read. A failing read is logged and retried on the next poll; polls never overlap.
 */
export async function watchRunChanges(db: Database, hub: EventHub, options: WatchOptions): Promise<ChangeWatcher> {
  const source: ChangeSource = await openChangeSource(db, options.log);
  const tracker = new RunEventTracker({ progressIntervalMs: options.progressIntervalMs ?? 250, startedAt: Date.now() });
  let closed = false;
  let running: Promise<void> | null = null;

  const publish = async (events: RunEvent[]) => {
    for (let i = 0; i < events.length; i++) {
      if (closed) return;
      const event = events[i]!;
      // Each event goes to the clients of its run's project only, as the tracker read it: the row for most, the
      // project a deletion recorded for run.deleted (the row is gone; whichever process deleted it). A run deleted
      // and stored again under its id in one read gives events of two runs, each of its own project.
      hub.publish(event, tracker.projectOf(event));
      if ((i + 1) % PUBLISH_CHUNK === 0) await yieldToIo();
    }
  };

  const poll = async () => {
    try {
      const batch = await source.poll(tracker);
      if (batch) await publish(tracker.apply(batch.changes, batch.snapshots));
      await publish(tracker.flush());
    } catch (error) {
      options.log?.warn({ err: (error as Error)?.message }, 'live events: reading run changes failed; retrying');
    }
  };

  const timer = setInterval(() => {
    if (closed || running) return;
    running = poll().finally(() => {
      running = null;
    });
  }, Math.max(10, options.pollMs));
  // The watcher never keeps a process alive on its own: the HTTP server does.
  timer.unref();

  return {
    async catchUp() {
      if (closed) return;
      await source.settle();
      // Polls never overlap: wait for one under way (it may have read only part of what is committed), then read.
      while (running) await running;
      if (closed) return;
      const current = poll().finally(() => {
        running = null;
      });
      running = current;
      await current;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await running;
      await source.close();
    },
  };
}
