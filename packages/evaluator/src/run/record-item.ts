import { ITEM_NUMBER_LIMITS, truncateStoredText } from '../storage/storage-limits';
import type { LoadedItem, TaskOutputWithUsage } from '../types';
import type { ItemResult } from './item-result';
import { describeThrown, toSafeValue, truncateText, type CutFlag } from './safe-value';
import type { ValueCuts } from './value-cuts';

/**
 * Longest recorded error type before the cut marker, counted as stored (the database column holds 255 characters,
 * and NUL or an unpaired surrogate takes 5 there).
 */
const MAX_ERROR_TYPE = 200;

/** The dataset fields of an item as they are recorded: plain JSON data, whatever the dataset held. @internal */
export type RecordedFields = Pick<ItemResult, 'id' | 'index' | 'input' | 'expected' | 'metadata'>;

/**
 * Makes an item's input, expected value and metadata safe to record, as they are now: taken before the task runs, so
 * a task that changes its input object (`input.prompt = …`, `input.apiKey = …`) leaves the recorded input the
 * dataset's. toSafeValue hands plain JSON back as it is, and a value it converted may still share nested objects with
 * the caller's, so every object or array is recorded as a fresh copy. `cuts` counts the values cut.
 * @internal
 */
export function recordedFields(item: LoadedItem, cuts: ValueCuts): RecordedFields {
  return {
    id: item.id,
    index: item.index,
    input: detached(cuts.value(item.input, item.id, 'input')),
    expected: detached(cuts.value(item.expected, item.id, 'expected')),
    metadata: item.metadata === undefined ? undefined : (detached(asRecord(cuts.value(item.metadata, item.id, 'metadata'))) as Record<string, unknown>),
  };
}

/**
 * A fresh copy of plain JSON data (what toSafeValue gives): JSON's own round trip, about twice as fast as
 * structuredClone for small objects, and it reads a Proxy through (structuredClone refuses one). Never throws: a
 * value that cannot be read twice (a getter that throws the second time) is recorded as a marker, as toSafeValue does.
 */
function detached(safe: unknown): unknown {
  if (typeof safe !== 'object' || safe === null) return safe;
  try {
    return JSON.parse(JSON.stringify(safe)) as unknown;
  } catch (error) {
    return `[Unreadable: ${describeThrown(error)}]`;
  }
}

/** A JSON-safe value (what toSafeValue gives) as an object: one that is not an object is kept under `value`. */
function asRecord(safe: unknown): Record<string, unknown> {
  return typeof safe === 'object' && safe !== null && !Array.isArray(safe) ? (safe as Record<string, unknown>) : { value: safe };
}

/**
 * A thrown value's type and message as strings that fit where they are stored; never throws. `flag.cut` is set when
 * the message was cut. @internal
 */
export function describeError(error: unknown, maxChars: number, flag?: CutFlag): { type: string; message: string } {
  let type = 'Error';
  let message: string;
  try {
    if (error instanceof Error) {
      type = String(error.name) || 'Error';
      message = String(error.message);
    } else if (typeof error === 'object' && error !== null) {
      // Some SDKs throw plain objects ({ message, status }), and an Error from another realm (a vm context) fails
      // instanceof: their own name and message say more than "[object Object]", and their JSON more than nothing.
      const { name, message: own } = error as { name?: unknown; message?: unknown };
      if (typeof name === 'string' && name.length > 0) type = name;
      const json = typeof own === 'string' ? undefined : JSON.stringify(toSafeValue(error, maxChars, 0, flag));
      // An object with nothing in it ({}, Object.create(null)) says no more as JSON than as text.
      message = typeof own === 'string' ? own : json !== '{}' ? json! : describeThrown(error);
    } else message = String(error);
  } catch {
    message = describeThrown(error);
  }
  if (flag && message.length > maxChars) flag.cut = true;
  return { type: truncateStoredText(type, MAX_ERROR_TYPE), message: truncateText(message, maxChars) };
}

/** What a task's usage or timing is recorded with: what it was, and the problems found with it. @internal */
export type RecordedUsage = Pick<ItemResult, 'tokensUsed' | 'cost' | 'taskMetadata'>;

/** Why a value past ITEM_NUMBER_LIMITS is not recorded as it is. */
const OVER_LIMIT = '(the most a database stores for one item)';

const limitText = (name: keyof typeof ITEM_NUMBER_LIMITS) => ITEM_NUMBER_LIMITS[name].toLocaleString('en-US');

/**
 * What a task returned besides its output, checked: usage a database accepts, problems noted in the metadata (under
 * `usage_errors`). A value that is not a number >= 0 (a whole one for tokens), or is past what a database stores for
 * one item, is not recorded: storage would refuse the whole item, and the result would not agree with the stored run.
 * @internal
 */
export function recordedUsage(unwrapped: TaskOutputWithUsage, cuts: ValueCuts, itemId: string): RecordedUsage {
  const problems: string[] = [];
  const tokensUsed = usageNumber('tokensUsed', unwrapped.tokensUsed, true, problems);
  const cost = usageNumber('cost', unwrapped.cost, false, problems);
  // Stored one level down, under `task` in the item's metadata (see storedMetadata).
  let taskMetadata =
    unwrapped.metadata === undefined || unwrapped.metadata === null ? undefined : asRecord(cuts.value(unwrapped.metadata, itemId, 'task metadata', 1));
  if (problems.length) taskMetadata = { ...taskMetadata, usage_errors: problems };
  return { tokensUsed, cost, taskMetadata };
}

function usageNumber(name: 'tokensUsed' | 'cost', value: unknown, integer: boolean, problems: string[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && (!integer || Number.isInteger(value))) {
    if (value <= ITEM_NUMBER_LIMITS[name]) return value;
    problems.push(`${name} must be at most ${limitText(name)} ${OVER_LIMIT}, got ${value}; it was not recorded`);
    return undefined;
  }
  problems.push(`${name} must be a ${integer ? 'whole ' : ''}number >= 0, got ${String(toSafeValue(value, 100))}; it was not recorded`);
  return undefined;
}

/**
 * A measured response time past what a database stores for one item (31 years: only a clock that jumped measures it)
 * is recorded as that limit, with a note beside the usage problems; a time is always recorded, so it is not dropped.
 * @internal
 */
export function recordedResponseTime(seconds: number, usage: RecordedUsage): { responseTime: number; usage: RecordedUsage } {
  const limit = ITEM_NUMBER_LIMITS.responseTime;
  if (seconds <= limit) return { responseTime: seconds, usage };
  const note = `responseTime must be at most ${limitText('responseTime')} s ${OVER_LIMIT}, got ${seconds}; recorded as ${limitText('responseTime')}`;
  const earlier = usage.taskMetadata?.usage_errors;
  const problems = Array.isArray(earlier) ? [...(earlier as unknown[]), note] : [note];
  return { responseTime: limit, usage: { ...usage, taskMetadata: { ...usage.taskMetadata, usage_errors: problems } } };
}
