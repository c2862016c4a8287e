import type { Redis } from 'ioredis';
import { runKeys } from './run-keys';

/**
 * Counts an item done once however often its job runs (SETBIT returns the old bit), then tells whether the run is
 * complete: done >= total with total known. It answers "complete" every time after that, not only the first, so a
 * caller that died between this script and adding the finalize job is replaced by the job's retry; the finalize job's
 * fixed id makes the extra adds no-ops. ARGV[1] = item index (-1: only check), ARGV[2] = '1' when the item failed,
 * ARGV[3] = the values recorded cut for the item (counted with it, once: an item that ran twice has its cuts once).
 */
const MARK_DONE = `
if tonumber(ARGV[1]) >= 0 then
  local old = redis.call('SETBIT', KEYS[2], ARGV[1], 1)
  if old == 0 then
    redis.call('HINCRBY', KEYS[1], 'done', 1)
    if ARGV[2] == '1' then redis.call('HINCRBY', KEYS[1], 'failed', 1) end
    local cut = tonumber(ARGV[3] or '0') or 0
    if cut > 0 then redis.call('HINCRBY', KEYS[1], 'valuesCut', cut) end
  end
end
local total = redis.call('HGET', KEYS[1], 'total')
if not total then return 0 end
local done = tonumber(redis.call('HGET', KEYS[1], 'done') or '0')
if done >= tonumber(total) then
  redis.call('HSETNX', KEYS[1], 'finalizing', '1')
  return 1
end
return 0
`;

/** The command's name on the client (prefixed so it cannot clash with BullMQ's commands on a shared connection). */
const MARK_DONE_COMMAND = 'llmEvalMarkItemDone';

type MarkDoneClient = Redis & { [MARK_DONE_COMMAND](hash: string, done: string, index: string, failed: string, valuesCut: string): Promise<number> };

/**
 * The client with MARK_DONE defined as a command: ioredis sends the script once per connection and EVALSHA after it,
 * and sends the script again when Redis answers NOSCRIPT (a restarted Redis forgot it), instead of the whole script
 * with every item.
 */
function withMarkDone(redis: Redis): MarkDoneClient {
  const client = redis as MarkDoneClient;
  if (typeof client[MARK_DONE_COMMAND] !== 'function') redis.defineCommand(MARK_DONE_COMMAND, { numberOfKeys: 2, lua: MARK_DONE });
  return client;
}

/** Marks an item of the run done (once, with the values recorded cut for it) and returns true when the run is complete and needs its finalize job. @internal */
export async function markItemDone(redis: Redis, prefix: string, runId: string, index: number, failed: boolean, valuesCut = 0): Promise<boolean> {
  const keys = runKeys(prefix, runId);
  const complete = await withMarkDone(redis)[MARK_DONE_COMMAND](keys.hash, keys.done, String(index), failed ? '1' : '0', String(valuesCut));
  return Number(complete) === 1;
}

/** True when every item of the run is done (the submitter asks after setting total). @internal */
export function isRunComplete(redis: Redis, prefix: string, runId: string): Promise<boolean> {
  return markItemDone(redis, prefix, runId, -1, false);
}
