import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { ITEMS_QUEUE } from './run-keys';

/** A worker connected to the queue's Redis, as CLIENT LIST shows it. @internal */
export interface ConnectedWorker {
  /** The name it was given (--name). Several workers may share one. */
  name: string;
  /** Its own identity (workerIdentity): what the jobs it holds name (BullMQ's processedBy). */
  id: string;
  address?: string;
  /** Seconds since its oldest connection opened. */
  ageSeconds?: number;
  /** Seconds since it last sent a command on any of its connections. */
  idleSeconds?: number;
}

/** Ends a worker's identity: `#` and six hex digits. */
const IDENTITY_SUFFIX = /#[0-9a-f]{6}$/;

/**
 * A worker process's own identity: its name and a random suffix. Two workers may be started with the same --name (one
 * per machine); the jobs each holds must name it alone, or a live one would vouch for the items of a killed one.
 * @internal
 */
export function workerIdentity(name: string): string {
  return `${name}#${randomBytes(3).toString('hex')}`;
}

/** The name a worker was given, from its identity (workerIdentity); a name without the suffix as it is. @internal */
export function workerNameOf(identity: string): string {
  return identity.replace(IDENTITY_SUFFIX, '');
}

/**
 * The name a worker's command connection gives itself: the one BullMQ gives its blocking-fetch connection, so that
 * CLIENT LIST hears the worker while every slot is busy and it fetches nothing (it still looks after its runs).
 * @internal
 */
export function workerConnectionName(prefix: string, identity: string): string {
  return `${prefix}:${Buffer.from(ITEMS_QUEUE).toString('base64')}:w:${identity}`;
}

/**
 * The workers connected to the queue's database, one entry per worker (identity). A worker holds two named connections
 * (commands, and BullMQ's blocking fetch): its age is the oldest one's, its idle time the least idle one's. CLIENT LIST
 * lists the connections of every database of the server, and a queue's name and prefix are the same in each: only the
 * workers connected to this URL's database serve its runs.
 * @internal
 */
export async function connectedWorkers(items: Queue, redis: Redis): Promise<ConnectedWorker[]> {
  const byId = new Map<string, ConnectedWorker>();
  const database = String(redis.options.db ?? 0);
  const clients = (await items.getWorkers()).filter((client) => client.db === undefined || client.db === database);
  for (const client of clients) {
    const raw = client.rawname ?? '';
    const at = raw.indexOf(':w:');
    const id = at >= 0 ? raw.slice(at + 3) : raw;
    const age = client.age === undefined ? undefined : Number(client.age);
    const idle = client.idle === undefined ? undefined : Number(client.idle);
    const seen = byId.get(id);
    if (!seen) {
      byId.set(id, { name: workerNameOf(id), id, address: client.addr, ageSeconds: age, idleSeconds: idle });
      continue;
    }
    if (age !== undefined && (seen.ageSeconds === undefined || age > seen.ageSeconds)) seen.ageSeconds = age;
    if (idle !== undefined && (seen.idleSeconds === undefined || idle < seen.idleSeconds)) seen.idleSeconds = idle;
  }
  return [...byId.values()];
}

/**
 * How long a worker must stay missing from CLIENT LIST before its items are called orphaned: longer than a reconnect
 * (createRedis retries at most 2 s apart), so a worker reconnecting after a Redis blip or a failover is not taken for
 * gone. @internal
 */
export const RECONNECT_GRACE_MS = 5_000;

/** How often CLIENT LIST is read again while a missing worker may be reconnecting. */
const RELIST_MS = 250;

/**
 * Of `missing` (worker identities one CLIENT LIST did not show), those still not listed after `graceMs`, listing again
 * every RELIST_MS and stopping early once all are back; and the workers as last listed. One listing is a snapshot: a
 * worker reconnecting is absent from it for a moment while it still holds (and runs) its items.
 * @internal
 */
export async function stillMissing(
  items: Queue,
  redis: Redis,
  missing: ReadonlySet<string>,
  graceMs = RECONNECT_GRACE_MS,
): Promise<{ missing: Set<string>; workers: ConnectedWorker[] | undefined }> {
  const left = new Set(missing);
  let workers: ConnectedWorker[] | undefined;
  const deadline = Date.now() + graceMs;
  while (left.size > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(RELIST_MS, Math.max(0, deadline - Date.now()))));
    workers = await connectedWorkers(items, redis);
    for (const worker of workers) left.delete(worker.id);
  }
  return { missing: left, workers };
}
