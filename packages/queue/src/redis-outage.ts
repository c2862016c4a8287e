import type { Redis } from 'ioredis';

/**
 * Since when a client's Redis has been unreachable: from the moment its connection was lost (or first failed) until it
 * is ready again. A worker told to stop reads it, so a Redis that went away before the stop counts from then, not from
 * the stop.
 * @internal
 */
export class RedisOutage {
  private downSince: number | undefined;

  constructor(private readonly redis: Redis) {
    if (redis.status !== 'ready') this.downSince = Date.now();
    redis.on('ready', () => (this.downSince = undefined));
    // 'close' when a ready connection is lost; 'error' covers a client that never got through (each attempt fails).
    const lost = () => {
      if (this.redis.status !== 'ready') this.downSince ??= Date.now();
    };
    redis.on('close', lost);
    redis.on('error', lost);
  }

  /** How long Redis has been unreachable (0 while it is ready). */
  downForMs(): number {
    if (this.redis.status === 'ready') return 0;
    return this.downSince === undefined ? 0 : Date.now() - this.downSince;
  }
}
