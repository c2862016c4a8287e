import type { FastifyBaseLogger } from 'fastify';
import { DuplicateItemError, ItemsRejectedError, RunClosedError, ValidationError, type Database, type ItemInput } from '@llm-eval/storage';
import { databaseErrorLog, databasePassword } from '../database-failure';
import { rejectedItemReason } from '../errors';
import { refusalMessage, TOO_DEEP_MESSAGE, unstorableValue } from '../json-body';
import { ingestItemSchema, type AppendItemsResponse } from '../schemas/ingest';

type Rejected = AppendItemsResponse['rejected'][number];

/** Longest item id a response repeats whole: a rejected 2 MB id is named by its start (and its index). */
const MAX_ECHOED_ID = 256;

/** An item id as the response names it: whole, or its first characters when it is too long to be an id. */
function shortId(id: string): string {
  return id.length > MAX_ECHOED_ID ? `${id.slice(0, 64)}… (${id.length} characters)` : id;
}

/** The id an item is named by in the response: its itemId, or #index when it has none. */
function nameOf(raw: unknown, index: number): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as { itemId?: unknown }).itemId : undefined;
  return typeof id === 'string' ? shortId(id) : `#${index}`;
}

/** Checks one item against ingestItemSchema: the storable item, or why it is rejected. */
function checkItem(raw: unknown, index: number): { item: ItemInput } | { rejected: Rejected } {
  // The body parser leaves an item's out-of-range numbers (JSON's 1e400, parsed as Infinity) and its fields nested
  // too deep to store for this item alone. One walk finds both: the schema below does not look inside input or metadata.
  const unstorable = unstorableValue(raw, `items.${index}`, true);
  if (unstorable?.problem === 'out_of_range') {
    const field = unstorable.path.split('.').slice(2).join('.') || null;
    return { rejected: { itemId: nameOf(raw, index), index, field, reason: `${refusalMessage(unstorable)} This item was not stored.` } };
  }
  if (unstorable) {
    const field = unstorable.field.split('.').slice(2).join('.');
    return { rejected: { itemId: nameOf(raw, index), index, field, reason: `Item ${index} field "${field}": ${TOO_DEEP_MESSAGE}. This item was not stored.` } };
  }
  const result = ingestItemSchema.safeParse(raw);
  if (result.success) return { item: result.data as ItemInput };
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.') || null;
  const fix = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')}); the item fields are those of the IngestItem schema` : '';
  return {
    rejected: {
      itemId: nameOf(raw, index),
      index,
      field: issue.code === 'unrecognized_keys' ? null : field,
      reason: `Item ${index}${field ? ` field "${field}"` : ''}: ${issue.message}${fix}. This item was not stored.`,
    },
  };
}

/**
 * Appends a batch of items to a running run, idempotently per (run, itemId): an item the run already holds is
 * reported in `alreadyStored` and left as it is, so a client may resend a batch whose response it never got.
 *
 * How "already stored" is told without a race:
 * 1. Items whose itemId repeats an earlier item of the same batch are rejected first, so from here on a duplicate
 *    can only be an item stored by an earlier (or a concurrent) request.
 * 2. findStoredItemIds skips the items the run already holds. This is only a shortcut for the common retry: it
 *    spares the database a failing insert per item. It is not what keeps items unique — a concurrent retry may
 *    store the same ids between this read and our insert.
 * 3. The unique index on (run_key, item_id) is the arbiter. addItems locks the run's row (PostgreSQL SELECT … FOR
 *    UPDATE; SQLite serializes writers anyway), so two batches of one run store one after the other; the second
 *    finds the first's rows committed, its inserts of those ids violate the index, storage retries that statement
 *    row by row under a savepoint and reports each such item as a DuplicateItemError while storing the rest. We
 *    report those as alreadyStored. So two identical batches sent at once store every item exactly once, and the
 *    run's running totals count each item once (storage adds only the rows it stored).
 * `onlyWhileRunning` checks the run's status under that same lock: a batch racing a finish either lands before
 * the run is finished (and is counted by finish's statistics) or is refused whole with RunClosedError (409).
 */
export async function appendItems(db: Database, runId: string, batch: readonly unknown[], log?: Pick<FastifyBaseLogger, 'warn'>): Promise<Omit<AppendItemsResponse, 'warnings'>> {
  const rejected: Rejected[] = [];
  const candidates: Array<{ index: number; item: ItemInput }> = [];
  const firstIndexOf = new Map<string, number>();
  batch.forEach((raw, index) => {
    const checked = checkItem(raw, index);
    if ('rejected' in checked) {
      rejected.push(checked.rejected);
      return;
    }
    const { itemId } = checked.item;
    const first = firstIndexOf.get(itemId);
    if (first !== undefined) {
      rejected.push({
        itemId: shortId(itemId),
        index,
        field: 'itemId',
        reason: `Item ${index} repeats item id "${shortId(itemId)}" of item ${first} in this batch; item ids are unique within a run. This item was not stored.`,
      });
      return;
    }
    firstIndexOf.set(itemId, index);
    candidates.push({ index, item: checked.item });
  });

  const held = await db.runs.findStoredItemIds(runId, candidates.map((c) => c.item.itemId));
  const alreadyStored: AppendItemsResponse['alreadyStored'] = [];
  const toStore = candidates.filter((c) => {
    if (!held.has(c.item.itemId)) return true;
    alreadyStored.push({ itemId: c.item.itemId, index: c.index });
    return false;
  });

  if (toStore.length === 0) {
    // Nothing to write, but the answer must not depend on that: an unknown run is a 404, a finished one a 409.
    const run = await db.runs.requireRun(runId);
    if (run.status !== 'running' && run.status !== 'abandoned') throw new RunClosedError(runId, run.status);
  }
  let stored = 0;
  try {
    stored = await db.runs.addItems(runId, toStore.map((c) => c.item), { onlyWhileRunning: true });
  } catch (error) {
    if (!(error instanceof ItemsRejectedError)) throw error;
    stored = error.stored;
    for (const r of error.rejected) {
      // r.index is the position in toStore; the response speaks of positions in the request's batch.
      const index = toStore[r.index]!.index;
      if (r.error instanceof DuplicateItemError) {
        alreadyStored.push({ itemId: toStore[r.index]!.item.itemId, index });
        continue;
      }
      const { itemId } = toStore[r.index]!.item;
      // Storage's validation says what is wrong; a row the database refused gets a generic reason, its detail logged.
      const safe = rejectedItemReason(r.error, index);
      if (safe.fromDatabase) {
        log?.warn({ err: databaseErrorLog(r.error, [databasePassword(db.config)]), runId, itemIndex: index }, 'the database refused an item');
        rejected.push({ itemId: shortId(itemId), index, field: null, reason: safe.reason });
        continue;
      }
      const field = r.error instanceof ValidationError ? (r.error.field ?? null) : null;
      const reason = safe.reason.replace(/^Item \d+ /, `Item ${index} `).split(itemId).join(shortId(itemId));
      rejected.push({ itemId: shortId(itemId), index, field, reason });
    }
  }
  // The client is alive: without a heartbeat an HTTP-fed run would look abandoned after the heartbeat timeout.
  if (stored > 0 || alreadyStored.length > 0) await db.runs.heartbeat(runId).catch(() => undefined);
  rejected.sort((a, b) => a.index - b.index);
  alreadyStored.sort((a, b) => a.index - b.index);
  return { runId, stored, alreadyStored, rejected };
}
