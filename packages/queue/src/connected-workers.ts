import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** A worker connected to the queue's Redis, as CLIENT LIST shows it. @internal */
export interface ConnectedWorker {
  name: string;
  address?: string;
  ageSeconds?: number;
  idleSeconds?: number;
}

/**
 * The workers connected to the queue's database, one entry per worker name. A BullMQ worker holds two named
 * connections (commands and blocking fetch). CLIENT LIST lists the connections of every database of the server, and
 * a queue's name and prefix are the same in each: only the workers connected to this URL's database serve its runs.
 * @internal
 */
export async function connectedWorkers(items: Queue, redis: Redis): Promise<ConnectedWorker[]> {
  const seen = new Set<string>();
  const database = String(redis.options.db ?? 0);
  const clients = (await items.getWorkers()).filter((client) => client.db === undefined || client.db === database);
  return clients.flatMap((client) => {
    const raw = client.rawname ?? '';
    const at = raw.indexOf(':w:');
    const name = at >= 0 ? raw.slice(at + 3) : raw;
    if (seen.has(name)) return [];
    seen.add(name);
    return [{
      name,
      address: client.addr,
      ageSeconds: client.age === undefined ? undefined : Number(client.age),
      idleSeconds: client.idle === undefined ? undefined : Number(client.idle),
    }];
  });
}
