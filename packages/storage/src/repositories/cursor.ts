import { InvalidCursorError } from '../errors';
import { queryHash, sealHolds, totalSeal, type CursorQuery } from './cursor-query';

export type { CursorQuery } from './cursor-query';

/** Position after the last row of a page: the sort key's value and the row id that breaks ties. @internal */
export interface CursorPosition {
  /** Which ordering the cursor belongs to, e.g. `runs:createdAt:desc`. */
  order: string;
  value: string | number | null;
  id: string | number;
  /**
   * The total of the first page, carried so later pages need not count again. decodeCursor gives it only when this
   * process sealed it for the same query, drifting values included; otherwise the total must be counted.
   */
  total?: number;
}

const NOT_OURS = 'The cursor is not one this tool produced; pass the nextCursor of a previous page.';

/**
 * Encodes a keyset position as an opaque URL-safe string, bound to `query` (the one the page answered): decodeCursor
 * refuses it for another query, and believes its total only for the same one. @internal
 */
export function encodeCursor(position: CursorPosition, query?: CursorQuery): string {
  const parts = [position.order, position.value, position.id, position.total ?? null, queryHash(position.order, query)];
  const seal = position.total === undefined ? null : totalSeal(parts, query);
  return Buffer.from(JSON.stringify([...parts, seal]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor, checking it belongs to `order` and to `query` (InvalidCursorError otherwise). A position written
 * by hand (order, value and id only) is still followed, but no total it carries is believed.
 * @internal
 */
export function decodeCursor(cursor: string, order: string, query?: CursorQuery): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError(NOT_OURS);
  }
  if (
    !Array.isArray(parsed) ||
    (parsed.length !== 4 && parsed.length !== 6) ||
    typeof parsed[0] !== 'string' ||
    !['string', 'number'].includes(typeof parsed[2]) ||
    !(parsed[1] === null || ['string', 'number'].includes(typeof parsed[1])) ||
    !(parsed[3] === null || (Number.isInteger(parsed[3]) && parsed[3] >= 0))
  ) {
    throw new InvalidCursorError(NOT_OURS);
  }
  if (parsed[0] !== order) {
    throw new InvalidCursorError(
      `The cursor belongs to another ordering (${parsed[0]}), not ${order}; use the same sort and direction as the page it came from.`,
    );
  }
  if (!fitsOrder(order, parsed[1], parsed[2])) throw new InvalidCursorError(NOT_OURS);
  const position: CursorPosition = { order: parsed[0], value: parsed[1], id: parsed[2] };
  if (parsed.length === 4) return position;
  const parts = parsed.slice(0, 5);
  if (parsed[4] !== queryHash(order, query)) {
    // Its position and total are those of other filters: the page would skip rows and show another query's total.
    throw new InvalidCursorError('The cursor belongs to another query (other filters, scope or run): start again without it.');
  }
  if (parsed[3] !== null && sealHolds(parsed[5], parts, query)) position.total = parsed[3];
  return position;
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
