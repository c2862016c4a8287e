import { InvalidCursorError } from '../errors';

/** Position after the last row of a page: the sort key's value and the row id that breaks ties. @internal */
export interface CursorPosition {
  /** Which ordering the cursor belongs to, e.g. `runs:createdAt:desc`. */
  order: string;
  value: string | number | null;
  id: string | number;
  /** The total of the first page, carried so later pages need not count again. */
  total?: number;
}

/** Encodes a keyset position as an opaque URL-safe string. @internal */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.order, position.value, position.id, position.total ?? null]), 'utf8').toString('base64url');
}

/** Decodes a cursor, checking it belongs to `order`. @internal */
export function decodeCursor(cursor: string, order: string): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('The cursor is not one this tool produced; pass the nextCursor of a previous page.');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    typeof parsed[0] !== 'string' ||
    !['string', 'number'].includes(typeof parsed[2]) ||
    !(parsed[1] === null || ['string', 'number'].includes(typeof parsed[1])) ||
    !(parsed[3] === null || (Number.isInteger(parsed[3]) && parsed[3] >= 0))
  ) {
    throw new InvalidCursorError('The cursor is not one this tool produced; pass the nextCursor of a previous page.');
  }
  if (parsed[0] !== order) {
    throw new InvalidCursorError(
      `The cursor belongs to another ordering (${parsed[0]}), not ${order}; use the same sort and direction as the page it came from.`,
    );
  }
  if (!fitsOrder(order, parsed[1], parsed[2])) {
    throw new InvalidCursorError('The cursor is not one this tool produced; pass the nextCursor of a previous page.');
  }
  return { order: parsed[0], value: parsed[1], id: parsed[2], total: parsed[3] ?? undefined };
}

/** A whole number a 32-bit signed integer column holds. */
const isInt32 = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= -2_147_483_648 && (value as number) <= 2_147_483_647;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a position's value and id have the types its ordering binds them as, so an edited cursor is refused here
 * rather than by the database (PostgreSQL rejects "abc" for a number, uuid or timestamp). Run orderings (`runs:…`,
 * `search:…`) carry a run's uuid; item orderings (`items…`) an item's row number. Their value is the creation time as
 * ISO text, a name or status as text, or else a number (null when the key was missing).
 */
function fitsOrder(order: string, value: unknown, id: unknown): boolean {
  const [kind, field] = order.split(':');
  if (kind === 'runs' || kind === 'search') {
    if (typeof id !== 'string' || !UUID.test(id)) return false;
    if (field === 'createdAt') return typeof value === 'string' && !Number.isNaN(new Date(value).getTime());
    if (field === 'name' || field === 'status') return typeof value === 'string';
    return value === null || (typeof value === 'number' && Number.isFinite(value));
  }
  if (kind === 'items' || kind === 'items-search') {
    // Item row ids and sequence numbers are PostgreSQL `integer`s: a fraction or a number past its range would be
    // refused by the database (22P02, 22003) instead of here.
    if (!isInt32(id) || (id as number) < 0) return false;
    if (field === 'sequenceNumber') return isInt32(value);
    return value === null || (typeof value === 'number' && Number.isFinite(value));
  }
  return true;
}
