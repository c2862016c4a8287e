import type { LoadedItem, TaskOutputWithUsage } from '../types';
import type { ItemResult } from './item-result';
import { describeThrown, toSafeValue, truncateText } from './safe-value';

/** Longest recorded error type before the cut marker (the database column holds 255 characters). */
const MAX_ERROR_TYPE = 200;

/** The dataset fields of an item as they are recorded: plain JSON data, whatever the dataset held. @internal */
export type RecordedFields = Pick<ItemResult, 'id' | 'index' | 'input' | 'expected' | 'metadata'>;

/**
 * Makes an item's input, expected value and metadata safe to record, as they are now: taken before the task runs, so
 * a task that changes its input object (`input.prompt = …`, `input.apiKey = …`) leaves the recorded input the
 * dataset's. toSafeValue hands plain JSON back as it is, and a value it converted may still share nested objects with
 * the caller's, so every object or array is recorded as a fresh copy.
 * @internal
 */
export function recordedFields(item: LoadedItem, maxChars: number): RecordedFields {
  return {
    id: item.id,
    index: item.index,
    input: detached(toSafeValue(item.input, maxChars)),
    expected: detached(toSafeValue(item.expected, maxChars)),
    metadata: item.metadata === undefined ? undefined : (detached(safeRecord(item.metadata, maxChars)) as Record<string, unknown>),
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

/** A JSON-safe object (a value that does not convert to an object is kept under `value`). @internal */
export function safeRecord(value: unknown, maxChars: number): Record<string, unknown> {
  const safe = toSafeValue(value, maxChars);
  return typeof safe === 'object' && safe !== null && !Array.isArray(safe) ? (safe as Record<string, unknown>) : { value: safe };
}

/** A thrown value's type and message as strings that fit where they are stored; never throws. @internal */
export function describeError(error: unknown, maxChars: number): { type: string; message: string } {
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
      const json = typeof own === 'string' ? undefined : JSON.stringify(toSafeValue(error, maxChars));
      // An object with nothing in it ({}, Object.create(null)) says no more as JSON than as text.
      message = typeof own === 'string' ? own : json !== '{}' ? json! : describeThrown(error);
    } else message = String(error);
  } catch {
    message = describeThrown(error);
  }
  return { type: truncateText(type, MAX_ERROR_TYPE), message: truncateText(message, maxChars) };
}

/** What a task returned besides its output, checked: usage a database accepts, problems noted in the metadata. @internal */
export function recordedUsage(
  unwrapped: TaskOutputWithUsage,
  maxChars: number,
): Pick<ItemResult, 'tokensUsed' | 'cost' | 'taskMetadata'> {
  const problems: string[] = [];
  const tokensUsed = usageNumber('tokensUsed', unwrapped.tokensUsed, true, problems);
  const cost = usageNumber('cost', unwrapped.cost, false, problems);
  let taskMetadata = unwrapped.metadata === undefined || unwrapped.metadata === null ? undefined : safeRecord(unwrapped.metadata, maxChars);
  if (problems.length) taskMetadata = { ...taskMetadata, usage_errors: problems };
  return { tokensUsed, cost, taskMetadata };
}

function usageNumber(name: string, value: unknown, integer: boolean, problems: string[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && (!integer || Number.isInteger(value))) return value;
  problems.push(`${name} must be a ${integer ? 'whole ' : ''}number >= 0, got ${String(toSafeValue(value, 100))}; it was not recorded`);
  return undefined;
}
