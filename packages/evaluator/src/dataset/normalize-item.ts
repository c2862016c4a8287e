import { DatasetError } from '../errors';
import { describeThrown } from '../run/safe-value';
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
  if (id.length > 255) throw new DatasetError(`item ${index} has an id longer than 255 characters`, origin.file, origin.line);
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
