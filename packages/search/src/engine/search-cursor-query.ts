import { listCursorQuery, type CursorQuery } from '@llm-eval/storage';
import type { SearchRunsOptions } from './run-search-engine';

/**
 * The search a runs cursor belongs to: the query text (as typed, trimmed), structured filters, scope, time zone and
 * speed options. Date bounds and "now" may move between pages (a caller computing "7d" or "now" at every call): they
 * bind the total the cursor carries, which is otherwise counted again, but do not refuse the cursor. @internal
 */
export function runSearchCursorQuery(options: SearchRunsOptions): CursorQuery {
  const query = options.query?.trim() || undefined;
  return listCursorQuery({ ...options, query }, ['createdAfter', 'createdBefore', 'now']);
}

/** The item search a cursor belongs to: the run and the query text. @internal */
export function itemSearchCursorQuery(runId: string, query: string): CursorQuery {
  return listCursorQuery({ query: query.trim() }, [], { runId });
}
