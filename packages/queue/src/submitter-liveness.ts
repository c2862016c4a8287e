import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { RUN_FIELDS, runKeys } from './run-keys';

/**
 * How long a submitter's liveness key outlives its last refresh, by default. The submitter refreshes it six times as
 * often, so only a submitter gone (killed, or cut off from Redis) for this long lets the key expire.
 */
export const DEFAULT_SUBMITTER_TTL_MS = 30_000;

/**
 * Sets the run's total and failure, unless its submitter came back or someone settled, cancelled or finalised it
 * meanwhile. KEYS: run hash, submitter key. ARGV: total, reason.
 */
const SETTLE_ORPHAN = `
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local state = redis.call('HMGET', KEYS[1], '${RUN_FIELDS.total}', '${RUN_FIELDS.cancelled}', '${RUN_FIELDS.finalized}')
if state[1] or state[2] or state[3] then return 0 end
redis.call('HSET', KEYS[1], '${RUN_FIELDS.total}', ARGV[1])
redis.call('HSETNX', KEYS[1], '${RUN_FIELDS.failure}', ARGV[2])
return 1
`;

const SETTLE_ORPHAN_COMMAND = 'llmEvalSettleOrphanedRun';

type SettleClient = Redis & { [SETTLE_ORPHAN_COMMAND](hash: string, submitter: string, total: string, reason: string): Promise<number> };

/**
 * Settles a run whose submitter is gone before it set the run's total (killed mid-enqueue, or cut off from Redis past
 * its patience): without a total no worker could ever see the run complete, so it would stay running for good. The
 * total becomes the items enqueued and `failure` says why, so the run is finalised — failed, with every enqueued item
 * run and stored — once those items are done. The chunk being added when the submitter died counts when it landed
 * (BullMQ adds a chunk all or nothing): when one of its jobs exists or is done. Returns true when this call settled it.
 * @internal
 */
export async function settleOrphanedRun(redis: Redis, queue: Queue, prefix: string, runId: string): Promise<boolean> {
  const keys = runKeys(prefix, runId);
  if (await redis.exists(keys.submitter)) return false;
  const [total, cancelled, finalized, enqueuedText, enqueuingText] = await redis.hmget(
    keys.hash,
    RUN_FIELDS.total,
    RUN_FIELDS.cancelled,
    RUN_FIELDS.finalized,
    RUN_FIELDS.enqueued,
    RUN_FIELDS.enqueuing,
  );
  if (total !== null || cancelled !== null || finalized !== null || enqueuedText === null) return false;
  const enqueued = Number(enqueuedText);
  const enqueuing = Math.max(enqueued, Number(enqueuingText ?? enqueued));
  let landed = false;
  for (let index = enqueued; index < enqueuing && !landed; index++) {
    landed = (await redis.getbit(keys.done, index)) === 1 || (await queue.getJob(keys.itemJobId(index))) !== undefined;
  }
  const count = landed ? enqueuing : enqueued;
  const reason = `its submitter stopped before every item was enqueued (the process was killed or lost Redis): the ${count} items enqueued by then were run`;
  const client = redis as SettleClient;
  if (typeof client[SETTLE_ORPHAN_COMMAND] !== 'function') redis.defineCommand(SETTLE_ORPHAN_COMMAND, { numberOfKeys: 2, lua: SETTLE_ORPHAN });
  return Number(await client[SETTLE_ORPHAN_COMMAND](keys.hash, keys.submitter, String(count), reason)) === 1;
}

/** Sets the submitter's liveness key (who it is, as the value) to expire after `ttlMs`. @internal */
export function markSubmitterAlive(redis: Redis, prefix: string, runId: string, owner: string, ttlMs: number): Promise<unknown> {
  return redis.set(runKeys(prefix, runId).submitter, owner, 'PX', ttlMs);
}
