import type { Database } from '@llm-eval/storage';
import type { EventHub } from './event-hub';

/** Watches the database for run changes made by any process and publishes them as events. */
export interface ChangeWatcher {
  close(): Promise<void>;
}

/** Starts watching (see the events implementation). */
export async function watchRunChanges(_db: Database, _hub: EventHub, _options: { pollMs: number }): Promise<ChangeWatcher> {
  return { close: async () => undefined };
}
