import type { LoadedItem } from '@llm-eval/evaluator';
import type { Database } from '@llm-eval/storage';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { addFinalizeJob, finalizeRun } from './finalize-run';
import { itemJobs } from './item-jobs';
import { isRunComplete, markItemDone } from './run-completion';
import { activeRunsKey, RUN_FIELDS, runKeys } from './run-keys';

/**
 * Puts a run's state back into a Redis that lost it, unless the run's spec is still there (then it changes nothing).
 * The done bitmap becomes its union with the bits the submitter saw set, and `done` its BITCOUNT: exact whatever
 * workers counted since the loss, since every item counted done has its bit set. One script, so a loss cannot fall
 * between its steps. KEYS: run hash, done bitmap, scratch key, active runs, submitter key. ARGV: run id, submitter,
 * its ttl (ms), total ('' unknown), failed, refused, failure, cancelled (each '' when unknown), seen bitmap, values
 * cut, then field/value pairs.
 */
const RESTORE_RUN = `
if redis.call('HEXISTS', KEYS[1], '${RUN_FIELDS.spec}') == 1 then return 0 end
if string.len(ARGV[9]) > 0 then
  redis.call('SET', KEYS[3], ARGV[9])
  redis.call('BITOP', 'OR', KEYS[2], KEYS[2], KEYS[3])
  redis.call('DEL', KEYS[3])
end
for i = 11, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], '${RUN_FIELDS.done}', redis.call('BITCOUNT', KEYS[2]))
if tonumber(ARGV[5]) > tonumber(redis.call('HGET', KEYS[1], '${RUN_FIELDS.failed}') or '0') then
  redis.call('HSET', KEYS[1], '${RUN_FIELDS.failed}', ARGV[5])
end
if tonumber(ARGV[10]) > tonumber(redis.call('HGET', KEYS[1], '${RUN_FIELDS.valuesCut}') or '0') then
  redis.call('HSET', KEYS[1], '${RUN_FIELDS.valuesCut}', ARGV[10])
end
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], '${RUN_FIELDS.total}', ARGV[4]) end
if ARGV[6] ~= '' then redis.call('HSETNX', KEYS[1], '${RUN_FIELDS.refused}', ARGV[6]) end
if ARGV[7] ~= '' then redis.call('HSETNX', KEYS[1], '${RUN_FIELDS.failure}', ARGV[7]) end
if ARGV[8] ~= '' then redis.call('HSETNX', KEYS[1], '${RUN_FIELDS.cancelled}', ARGV[8]) end
redis.call('SADD', KEYS[4], ARGV[1])
redis.call('SET', KEYS[5], ARGV[2], 'PX', ARGV[3])
return 1
`;

const RESTORE_RUN_COMMAND = 'llmEvalRestoreRun';

type RestoreClient = Redis & { [RESTORE_RUN_COMMAND](...args: Array<string | Buffer>): Promise<number> };

/** What the keeper needs of its submitter. @internal */
export interface RunStateKeeperOptions {
  redis: Redis;
  queue: Queue;
  db: Database;
  prefix: string;
  runId: string;
  /** The run hash's fields as the submitter registered them (spec, name, startedAt). */
  fields: Record<string, string>;
  /** The submitter's liveness key: who holds it, and for how long. */
  submitter: { owner: string; ttlMs: number };
  itemJobAttempts?: number;
  /** Told after each restore, with how many items were enqueued again and how many the database already held. */
  onRestored?: (restored: { requeued: number; alreadyStored: number }) => void;
}

/** How often the keeper looks at the run in Redis. */
const CHECK_INTERVAL_MS = 1_000;
/** Widest bitmap window read in one GETRANGE (64 KiB: half a million items). */
const MAX_RANGE_BYTES = 65_536;

/**
 * Redis can lose a run's state mid-run: a restart of a Redis that keeps nothing on disk (or whose last snapshot is
 * older), a FLUSHALL, a failover to a replica that was behind. The items waiting in the queue, the counters and the
 * bitmap of items done are gone, and no worker would ever finish the run. While its submitter lives, the keeper holds
 * what it takes to put the run back: the items enqueued and not yet seen done (bounded, like the queue, by
 * maxQueuedItems and about a second's worth of items) and a bitmap of the items seen done (a bit per item). Once a
 * second it checks that the run's spec is in Redis. When it is gone, the keeper writes the run back (RESTORE_RUN),
 * counts done the outstanding items the database holds, and enqueues the others again (fixed job ids). The database
 * stays the truth: an item run twice is stored once (writes are idempotent on run and item id) and counted once.
 * A run that is no longer running in the database is finalised instead, so whoever waits for it is told.
 * @internal
 */
export class RunStateKeeper {
  private readonly outstanding = new Map<number, LoadedItem>();
  private seenDone = Buffer.alloc(0);
  private enqueued = 0;
  private tracked = 0;
  private total: number | undefined;
  private readonly last: { failed: string; valuesCut: string; refused: string; failure: string; cancelled: string } = { failed: '0', valuesCut: '0', refused: '', failure: '', cancelled: '' };
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: RunStateKeeperOptions) {}

  /** Items enqueued and not yet seen done. @internal (tests) */
  get outstandingCount(): number {
    return this.outstanding.size;
  }

  /** Items about to be enqueued (called before they are added, so a loss during the add is covered too). */
  track(items: readonly LoadedItem[]): void {
    for (const item of items) this.outstanding.set(item.index, item);
    this.tracked += items.length;
  }

  /** How many items are in the queue now (after an add). */
  noteEnqueued(count: number): void {
    this.enqueued = count;
  }

  /** The run's total, once every item is enqueued. */
  noteTotal(total: number): void {
    this.total = total;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    const tick = () => {
      void this.check()
        .catch(() => undefined)
        .then((state) => {
          if (state !== 'finalized' && !this.stopped) this.timer = setTimeout(tick, CHECK_INTERVAL_MS).unref();
        });
    };
    this.timer = setTimeout(tick, CHECK_INTERVAL_MS).unref();
  }

  /**
   * Stops checking. A check in flight is not waited for: while Redis does not answer its commands wait for ever, and
   * closing the submitter must not. Its errors (the connection closed under it) are swallowed.
   */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /**
   * Looks at the run once: forgets the outstanding items Redis counts done (remembering their bits), or restores the
   * run when its spec is gone. Redis errors propagate (the next check tries again).
   */
  async check(): Promise<'running' | 'restored' | 'finalized'> {
    const { redis, prefix, runId } = this.options;
    const keys = runKeys(prefix, runId);
    const indexes = [...this.outstanding.keys()];
    let first = Infinity;
    let last = -1;
    for (const index of indexes) {
      if (index < first) first = index;
      if (index > last) last = index;
    }
    // The outstanding items lie in a window of the bitmap: one GETRANGE of its bytes, unless the window is so sparse
    // (an early item stuck for long) that a bit read per item is less to send.
    const span = last < 0 ? 0 : (last >> 3) - (first >> 3) + 1;
    const byRange = span > 0 && span <= Math.max(MAX_RANGE_BYTES, indexes.length);
    const pipeline = redis
      .pipeline()
      .hmget(keys.hash, RUN_FIELDS.spec, RUN_FIELDS.failed, RUN_FIELDS.refused, RUN_FIELDS.failure, RUN_FIELDS.cancelled, RUN_FIELDS.finalized, RUN_FIELDS.valuesCut);
    if (byRange) pipeline.getrangeBuffer(keys.done, first >> 3, last >> 3);
    else for (const index of indexes) pipeline.getbit(keys.done, index);
    const replies = (await pipeline.exec()) ?? [];
    const [error, state] = replies[0] ?? [];
    if (error) throw error;
    const [spec, failed, refused, failure, cancelled, finalized, valuesCut] = state as Array<string | null>;
    if (finalized !== null) return 'finalized';
    if (spec === null) return this.restore();
    this.last.failed = failed ?? this.last.failed;
    this.last.valuesCut = valuesCut ?? this.last.valuesCut;
    this.last.refused = refused ?? this.last.refused;
    this.last.failure = failure ?? this.last.failure;
    this.last.cancelled = cancelled ?? this.last.cancelled;
    // A bit read after a loss (an item a worker finished since) is as good as one read before: the item is done.
    if (byRange) {
      const bytes = (replies[1]?.[1] as Buffer | undefined) ?? Buffer.alloc(0);
      const base = first >> 3;
      for (const index of indexes) {
        // Redis numbers a bitmap's bits from the most significant bit of each byte; bytes past its end are 0.
        if (((bytes[(index >> 3) - base] ?? 0) & (0x80 >> (index & 7))) !== 0) this.sawDone(index);
      }
    } else {
      indexes.forEach((index, i) => {
        if (replies[i + 1]?.[1] === 1) this.sawDone(index);
      });
    }
    return 'running';
  }

  private sawDone(index: number): void {
    this.outstanding.delete(index);
    const byte = index >> 3;
    if (byte >= this.seenDone.length) {
      const grown = Buffer.alloc(Math.max(byte + 1, this.seenDone.length * 2));
      this.seenDone.copy(grown);
      this.seenDone = grown;
    }
    // Redis numbers a bitmap's bits from the most significant bit of its first byte.
    this.seenDone[byte]! |= 0x80 >> (index & 7);
  }

  private async restore(): Promise<'restored' | 'finalized'> {
    const { redis, queue, db, prefix, runId } = this.options;
    const keys = runKeys(prefix, runId);
    const run = await db.runs.getRun(runId);
    if (!run || run.status !== 'running') {
      // Cancelled, settled or deleted meanwhile: nothing to run; finalising (once) tells whoever waits.
      await finalizeRun(db, redis, prefix, runId);
      return 'finalized';
    }
    const client = redis as RestoreClient;
    if (typeof client[RESTORE_RUN_COMMAND] !== 'function') redis.defineCommand(RESTORE_RUN_COMMAND, { numberOfKeys: 5, lua: RESTORE_RUN });
    const fields = { ...this.options.fields, [RUN_FIELDS.enqueued]: String(this.enqueued), [RUN_FIELDS.enqueuing]: String(this.tracked) };
    const restored = await client[RESTORE_RUN_COMMAND](
      keys.hash,
      keys.done,
      `${keys.hash}:restoring`,
      activeRunsKey(prefix),
      keys.submitter,
      runId,
      this.options.submitter.owner,
      String(this.options.submitter.ttlMs),
      this.total === undefined ? '' : String(this.total),
      this.last.failed,
      this.last.refused,
      this.last.failure,
      this.last.cancelled,
      this.seenDone,
      this.last.valuesCut,
      ...Object.entries(fields).flat(),
    );
    if (Number(restored) !== 1) return 'restored';
    // The items out when Redis lost them: done (counted meanwhile, or stored), or enqueued again.
    const outstanding = [...this.outstanding.values()];
    const bits = outstanding.length ? ((await outstanding.reduce((p, item) => p.getbit(keys.done, item.index), redis.pipeline()).exec()) ?? []) : [];
    const open = outstanding.filter((_, i) => bits[i]?.[1] !== 1);
    const stored = new Set<string>();
    for (let i = 0; i < open.length; i += 1_000) {
      const ids = open.slice(i, i + 1_000).map((item) => item.id);
      for (const id of await db.runs.findStoredItemIds(runId, ids)) stored.add(id);
    }
    let complete = false;
    for (const item of open) if (stored.has(item.id)) complete = (await markItemDone(redis, prefix, runId, item.index, false)) || complete;
    const requeue = open.filter((item) => !stored.has(item.id));
    // Without a priority: they had waited their turn already, so they go before every prioritized item (fair-share.ts).
    for (let i = 0; i < requeue.length; i += 100) await queue.addBulk(itemJobs(prefix, runId, requeue.slice(i, i + 100), this.options.itemJobAttempts));
    if (complete || (this.total !== undefined && (await isRunComplete(redis, prefix, runId)))) await addFinalizeJob(queue, runId);
    this.options.onRestored?.({ requeued: requeue.length, alreadyStored: stored.size });
    return 'restored';
  }
}
