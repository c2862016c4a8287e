import { Redis } from 'ioredis';
import { parseQueueUrl } from './queue-url';
import type { QueueConnection } from './queue-connection';

/** The BullMQ prefix and the namespace of every key of ours when the connection names none. */
export const DEFAULT_PREFIX = 'llm-eval';

/** The connection's key prefix. @internal */
export function prefixOf(queue: QueueConnection): string {
  return queue.prefix ?? DEFAULT_PREFIX;
}

/**
 * An ioredis client for the queue. `maxRetriesPerRequest: null` (BullMQ workers require it) makes commands wait
 * through a Redis restart instead of failing, and the default retry strategy reconnects for ever.
 * @internal
 */
export function createRedis(queue: QueueConnection, source?: string, connectionName?: string): Redis {
  const { url } = parseQueueUrl(queue.url, source);
  return new Redis(url, { maxRetriesPerRequest: null, connectionName, retryStrategy: (times) => Math.min(times * 100, 2_000) });
}
