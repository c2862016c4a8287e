import type { Redis } from 'ioredis';
import { runScript } from './redis-script';
import { RUN_FIELDS, runKeys } from './run-keys';

/** The longest reason kept on a run (the status reason it ends with). */
const MAX_REASON = 2_000;

/**
 * Sets the run's `refused` field to the message, or appends it to the reasons already there (while they are shorter
 * than MAX_REASON): each item given up is named in the status reason the run ends with, not only the first one.
 */
const APPEND_REASON = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
local most = tonumber(ARGV[3])
if not current then
  redis.call('HSET', KEYS[1], ARGV[1], string.sub(ARGV[2], 1, most))
  return 1
end
if string.len(current) >= most or string.find(current, ARGV[2], 1, true) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], string.sub(current .. '; ' .. ARGV[2], 1, most))
return 1
`;

/** Names an item that could not be stored in the reason the run ends (failed) with, after any named before it. @internal */
export async function noteItemGivenUp(redis: Redis, prefix: string, runId: string, message: string): Promise<void> {
  await runScript(redis, APPEND_REASON, runKeys(prefix, runId).hash, [RUN_FIELDS.refused, message, String(MAX_REASON)]);
}
