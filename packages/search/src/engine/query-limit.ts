import { InvalidCursorError } from '@llm-eval/storage';

/** Page size when neither the caller nor the query says. */
export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/** How one page is cut when a query names its own limit ("top 3", "slowest 5"). @internal */
export interface PagePlan {
  /** Rows to read for this page. */
  readonly size: number;
  /** Rows earlier pages served (0 on the first page). */
  readonly served: number;
  /** The query's limit: no page goes past it. */
  readonly cap?: number;
  /** The keyset cursor without the served count. */
  readonly cursor?: string;
}

/**
 * The page to read. A query's own limit is the most rows the whole search returns, whatever the page size: "slowest 5"
 * with a page size of 20 is one page of 5, and with a page size of 2 it is pages of 2, 2 and 1. The page size is the
 * caller's, else the query's limit, else 50. The cursor carries how many rows were served, after a `.` (a base64url
 * keyset cursor never contains one). @internal
 */
export function planPage(pageSize: number | undefined, queryLimit: number | undefined, cursor: string | undefined): PagePlan {
  const size = Math.min(MAX_PAGE_SIZE, Math.max(1, pageSize ?? queryLimit ?? DEFAULT_PAGE_SIZE));
  if (queryLimit === undefined) return { size, served: 0, ...(cursor === undefined ? {} : { cursor }) };
  let served = 0;
  let keyset = cursor;
  if (cursor !== undefined) {
    const dot = cursor.lastIndexOf('.');
    served = dot < 0 ? Number.NaN : Number(cursor.slice(dot + 1));
    if (!Number.isInteger(served) || served < 0 || served >= queryLimit) {
      throw new InvalidCursorError('The cursor does not belong to this query; pass the nextCursor of a previous page of the same query.');
    }
    keyset = cursor.slice(0, dot);
  }
  return { size: Math.min(size, queryLimit - served), served, cap: queryLimit, ...(keyset === undefined ? {} : { cursor: keyset }) };
}

/** The cursor of the next page, or null when the rows ran out or the query's limit is reached. @internal */
export function nextPageCursor(plan: PagePlan, keyset: string | null, pageLength: number): string | null {
  if (keyset === null) return null;
  if (plan.cap === undefined) return keyset;
  const served = plan.served + pageLength;
  return served >= plan.cap ? null : `${keyset}.${served}`;
}
