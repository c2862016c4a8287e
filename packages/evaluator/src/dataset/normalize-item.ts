import { DatasetError } from '../errors';
import { describeThrown } from '../run/safe-value';
import { MAX_STORED_TEXT, storedLength } from '../storage/storage-limits';
import type { DatasetItem, LoadedItem } from '../types';

/** Where an item came from, for error messages. @internal */
export interface ItemOrigin {
  file?: string;
  line?: number;
}

/**
 * Checks one raw dataset entry and gives it an id (`item_<index>` when missing).
 * Accepts `expected_output` as an alias of `expected`.
 * @internal
 */
export function normalizeItem(raw: unknown, index: number, origin: ItemOrigin = {}): LoadedItem {
  try {
    return checkItem(raw, index, origin);
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    // A getter or proxy on the item threw while its fields were read.
    throw new DatasetError(`item ${index} cannot be read: ${describeThrown(error)}`, origin.file, origin.line, { cause: error });
  }
}

function checkItem(raw: unknown, index: number, origin: ItemOrigin): LoadedItem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DatasetError(`item ${index} must be an object with an "input" field, got ${describe(raw)}`, origin.file, origin.line);
  }
  const entry = raw as DatasetItem & { expected_output?: unknown };
  if (!('input' in entry)) {
    throw new DatasetError(`item ${index} has no "input" field (fields: ${Object.keys(entry).join(', ') || 'none'})`, origin.file, origin.line);
  }
  let id: string;
  if (entry.id === undefined || entry.id === null || entry.id === '') id = `item_${index}`;
  else if (typeof entry.id === 'string') id = entry.id;
  else if (typeof entry.id === 'number') id = numericId(entry.id, index, origin);
  else throw new DatasetError(`item ${index} has an id that is not a string or number`, origin.file, origin.line);
  const stored = storedLength(id);
  if (stored > MAX_STORED_TEXT) throw new DatasetError(longIdMessage(id, stored, index), origin.file, origin.line);
  const metadata = entry.metadata;
  if (metadata !== undefined && metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata))) {
    throw new DatasetError(`item ${index} has "metadata" that is not an object`, origin.file, origin.line);
  }
  return {
    id,
    index,
    input: entry.input,
    expected: entry.expected !== undefined ? entry.expected : entry.expected_output,
    metadata: metadata ?? undefined,
  };
}

/**
 * A numeric id as text. JSON numbers hold about 16 significant digits: 12345678901234567890 is read as
 * 12345678901234567000, so two distinct long numeric ids (order numbers, snowflake ids) became one "duplicate id",
 * or an item was stored under an id its dataset never had. Only numbers that are exact are taken.
 */
function numericId(id: number, index: number, origin: ItemOrigin): string {
  if (Number.isFinite(id) && Math.abs(id) <= Number.MAX_SAFE_INTEGER) return String(id);
  throw new DatasetError(
    `item ${index} has the numeric id ${id}, too large to be read exactly (a JSON number keeps about 16 digits); write it as a string, e.g. "id": "12345678901234567890"`,
    origin.file,
    origin.line,
  );
}

/** Code points of a long id quoted in its error: enough to recognise it, short enough for one line. */
const ID_EXCERPT = 12;

/**
 * Why an id does not fit: the database holds 255 characters of it as stored, where NUL, U+FDD0 and each unpaired
 * surrogate take 5 (an id of 60 lone surrogates is 300 characters there). Checked here, before anything runs: storage
 * would refuse the item after it ran, and a file of the result could not be imported either.
 */
function longIdMessage(id: string, stored: number, index: number): string {
  const points = Array.from(id.slice(0, ID_EXCERPT * 2)).slice(0, ID_EXCERPT).join('');
  const excerpt = `${JSON.stringify(points).slice(0, -1)}${points.length < id.length ? '…' : ''}"`;
  if (stored === id.length) return `item ${index} has an id of ${stored} characters (${excerpt}): at most ${MAX_STORED_TEXT} fit in the database; use a shorter id`;
  return (
    `item ${index} has an id of ${stored} characters as stored (${excerpt}): at most ${MAX_STORED_TEXT} fit, and NUL, ` +
    'U+FDD0 and unpaired surrogates take 5 characters each in the database; use a shorter id'
  );
}

/** Remembers ids and throws on the second sighting of one. @internal */
export class DuplicateIdGuard {
  private readonly seen = new Map<string, number | undefined>();

  check(item: LoadedItem, origin: ItemOrigin = {}): void {
    if (this.seen.has(item.id)) {
      const first = this.seen.get(item.id);
      throw new DatasetError(
        `duplicate item id "${item.id}"${first !== undefined ? ` (first seen on line ${first})` : ''}; ids must be unique`,
        origin.file,
        origin.line,
      );
    }
    this.seen.set(item.id, origin.line);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
