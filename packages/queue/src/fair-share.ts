import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { runScript } from './redis-script';
import { KEEP_SECONDS, runKeys } from './run-keys';

/**
 * Items of one run that share a BullMQ priority. Runs interleave in turns of at most this many items, and the
 * priorities (at most 2^21 - 1 in BullMQ) last for 2^21 × 32 ≈ 67 million items of a queue that is never idle; past
 * that every item gets the last priority and the queue is first come, first served until it is next idle.
 * @internal
 */
export const FAIR_BLOCK = 32;
/** BullMQ's highest priority number (the lowest priority): 2^21 - 1. */
const MAX_PRIORITY = 2 ** 21 - 1;

/** The queue-wide virtual clock: the epoch (bumped each time the queue is idle) and the last slot handed out. */
export function fairClockKey(prefix: string): string {
  return `${prefix}:fair-clock`;
}

/**
 * Start-time fair queuing over BullMQ priorities. Each item gets a slot on a virtual clock shared by every run; its
 * priority is its slot's block. The clock reads the block of the item waiting with the highest priority (the one
 * workers take next), so a run submitted now starts there, level with the runs already waiting, instead of behind
 * every item they enqueued (a detached run enqueues all of them at once). A run's own slots only go forward, so it
 * never overtakes itself. Items of equal priority are taken in the order they were added (BullMQ's counter), so runs
 * at the same slot alternate block by block.
 *
 * When nothing is waiting, delayed or active, the clock starts again from zero in a new epoch (runs of an older epoch
 * start at zero too), so priorities stay small; no item of an older epoch is left to be overtaken at that moment.
 *
 * KEYS: prioritized, wait, delayed, active (the BullMQ queue's), clock, the run's slot.
 * ARGV: items, block, slot key's time to live (s). Returns the run's first slot.
 */
const ASSIGN = `
local n = tonumber(ARGV[1])
local block = tonumber(ARGV[2])
local epoch = tonumber(redis.call('HGET', KEYS[5], 'epoch') or '0')
local last = tonumber(redis.call('HGET', KEYS[5], 'slot') or '0')
local now
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('LLEN', KEYS[2]) == 0 and redis.call('ZCARD', KEYS[3]) == 0 and redis.call('LLEN', KEYS[4]) == 0 then
  epoch = epoch + 1
  last = 0
  now = 0
else
  local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if head[2] then
    now = (math.floor(tonumber(head[2]) / 4294967296) - 1) * block
  else
    now = last
  end
end
local start = now
if tonumber(redis.call('HGET', KEYS[6], 'epoch') or '-1') == epoch then
  local own = tonumber(redis.call('HGET', KEYS[6], 'slot') or '0')
  if own > start then start = own end
end
redis.call('HSET', KEYS[6], 'epoch', epoch, 'slot', start + n)
redis.call('EXPIRE', KEYS[6], tonumber(ARGV[3]))
if start + n > last then last = start + n end
redis.call('HSET', KEYS[5], 'epoch', epoch, 'slot', last)
return start
`;

/** BullMQ priority of the item at `slot` (1 is taken first; 0 would mean no priority). */
export function priorityOfSlot(slot: number): number {
  return Math.min(MAX_PRIORITY, Math.floor(slot / FAIR_BLOCK) + 1);
}

/**
 * The BullMQ priorities of the next `count` items of a run, in order (see ASSIGN). One Redis script call, atomic with
 * every other submitter's.
 * @internal
 */
export async function fairPriorities(redis: Redis, queue: Queue, prefix: string, runId: string, count: number): Promise<number[]> {
  const { prioritized, wait, delayed, active } = queue.keys;
  const keys = [prioritized!, wait!, delayed!, active!, fairClockKey(prefix), runKeys(prefix, runId).fair];
  const start = Number(await runScript(redis, ASSIGN, keys, [String(count), String(FAIR_BLOCK), String(KEEP_SECONDS)]));
  return Array.from({ length: count }, (_, i) => priorityOfSlot(start + i));
}
