import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The query a page cursor belongs to. `bound` (filters, scope, the run of an item list; the ordering is checked on its
 * own) must be the same for the cursor to be used at all. `drifting` holds values that may move between pages of one
 * query, such as a date computed from an age ("--since 7d" is a new instant at every call): a cursor still pages with
 * them changed, but the total it carries is then counted again. @internal
 */
export interface CursorQuery {
  bound: unknown;
  drifting?: unknown;
}

/**
 * Signs the totals cursors carry. Cursors are plain base64 JSON that anyone can edit, and the query hash is no secret
 * either, so a total is believed only from a cursor this process made: one from another process (a restart, another
 * server) or edited is counted again, never refused — its position alone is harmless.
 */
const TOTAL_KEY = randomBytes(32);

/** JSON with object keys sorted and dates as ISO text, so equal queries give equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    if (raw instanceof Date) return raw.toISOString();
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** A short hash of the order and bound query: equal for the pages of one query, different for another. @internal */
export function queryHash(order: string, query: CursorQuery | undefined): string {
  return createHash('sha256').update(canonicalJson([order, query?.bound ?? null])).digest('base64url').slice(0, 16);
}

/** The seal of a carried total: this process's key over the position, the total and the whole query. @internal */
export function totalSeal(parts: readonly unknown[], query: CursorQuery | undefined): string {
  return createHmac('sha256', TOTAL_KEY)
    .update(canonicalJson([...parts, query?.drifting ?? null]))
    .digest('base64url')
    .slice(0, 22);
}

/** Whether `seal` is the seal of `parts` for `query` (compared in constant time). @internal */
export function sealHolds(seal: unknown, parts: readonly unknown[], query: CursorQuery | undefined): boolean {
  if (typeof seal !== 'string') return false;
  const expected = Buffer.from(totalSeal(parts, query));
  const given = Buffer.from(seal);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Options that shape the page, not the rows it is a page of (the ordering is checked on its own). */
const PAGE_OPTIONS = new Set(['cursor', 'limit', 'offset', 'sort', 'direction']);

/**
 * The CursorQuery of a list call: every option but the page's own, plus `scope` (such as the run an item list reads).
 * The `drifting` options are bound only by whether they are given; their values bind the total. @internal
 */
export function listCursorQuery(options: object, drifting: readonly string[] = [], scope: Record<string, unknown> = {}): CursorQuery {
  const bound: Record<string, unknown> = { ...scope };
  const moving: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || PAGE_OPTIONS.has(key)) continue;
    if (drifting.includes(key)) {
      bound[key] = 'given';
      moving[key] = value;
    } else bound[key] = asSet(value);
  }
  return { bound, drifting: moving };
}

/**
 * A list of plain values as the set it stands for: sorted and without repeats. Every list filter of the list calls
 * is a set (projectIds, status, tags, anyTags, itemIds: `IN`, every-of or any-of), so the same query with its values
 * in another order (an authenticator returning a token's projects in varying order) binds the same cursor. Anything
 * else is kept as it is.
 */
function asSet(value: unknown): unknown {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || typeof v === 'number')) return value;
  return [...new Set(value as (string | number)[])].sort((a, b) => {
    const x = `${typeof a}:${a}`;
    const y = `${typeof b}:${b}`;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
