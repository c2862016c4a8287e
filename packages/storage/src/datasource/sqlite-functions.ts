/**
 * Name of the SQL function that lower-cases text on SQLite as PostgreSQL's lower() does, registered on every SQLite
 * connection storage opens: SQLite's built-in lower() folds ASCII letters only, so "ÜBER" never matched "über".
 * @internal
 */
export const SQLITE_LOWER_FUNCTION = 'llm_eval_lower';

/**
 * `text` lower-cased one character at a time. String#toLowerCase alone lower-cases a capital sigma by its place in the
 * word (a final "ς"), so a search for "ΤΕΣ" (lowered "τες") would miss "ΤΕΣΤ" (lowered "τεστ"); character by character
 * it is always "σ", as PostgreSQL's lower() makes it. @internal
 */
export function lowerEachCharacter(text: string): string {
  return text.includes('\u03a3') ? text.replace(/\u03a3/g, '\u03c3').toLowerCase() : text.toLowerCase();
}

/** The part of a better-sqlite3 connection that registers functions. */
interface FunctionHost {
  function(name: string, options: { deterministic: boolean }, fn: (value: unknown) => unknown): unknown;
}

/**
 * Registers storage's SQL functions on a better-sqlite3 connection. Numbers, blobs and NULL pass through unchanged
 * (digits have no case, and LIKE turns a number into text as it did). @internal
 */
export function registerSqliteFunctions(db: FunctionHost): void {
  db.function(SQLITE_LOWER_FUNCTION, { deterministic: true }, (value) => (typeof value === 'string' ? lowerEachCharacter(value) : value));
}
