import { Redis, type RedisOptions } from 'ioredis';
import { hideCredentialsIn, redisCredentials } from './redis-credentials';

/**
 * An ioredis client whose errors never show its credentials. They are hidden as the client emits an error, before any
 * listener runs; ioredis rejects the commands an error ends with the same error just before emitting it, and their
 * rejection handlers run later, so they see it hidden too. Its duplicates (BullMQ's connections) are of this kind.
 * @internal
 */
export class CredentialHidingRedis extends Redis {
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'error') hideCredentialsIn(args[0], redisCredentials(this.options));
    return super.emit(event, ...args);
  }

  override duplicate(override?: Partial<RedisOptions>): Redis {
    return new CredentialHidingRedis({ ...this.options, ...override });
  }
}
