import { storedFormOfForeignJson } from '../repositories/stored-text';

/**
 * Name of the SQL function that lower-cases text on SQLite as PostgreSQL's lower() does, registered on every SQLite
 * connection storage opens: SQLite's built-in lower() folds ASCII letters only, so "ÜBER" never matched "über".
 * @internal
 */
export const SQLITE_LOWER_FUNCTION = 'llm_eval_lower';

/**
 * Name of the SQL function that gives JSON text written by another tool in storage's stored form
 * (storedFormOfForeignJson: NUL and lone surrogate escapes as storage stores them); see foreign-json-escapes.ts.
 * @internal
 */
export const SQLITE_STORED_JSON_FUNCTION = 'llm_eval_stored_json';

/**
 * `text` lower-cased one character at a time. String#toLowerCase alone lower-cases a capital sigma by its place in the
 * word (a final "ς"), so a search for "ΤΕΣ" (lowered "τες") would miss "ΤΕΣΤ" (lowered "τεστ"); character by character
 * it is always "σ", as PostgreSQL's lower() makes it. And "İ" (U+0130) is "i", as PostgreSQL lowers it: toLowerCase
 * makes it two characters ("i" and a combining dot), so a run named "İstanbul" was found as "istanbul" on PostgreSQL
 * only, and as "i̇stanbul" on SQLite only. @internal
 */
export function lowerEachCharacter(text: string): string {
  const oneToOne = /[\u03a3\u0130]/.test(text) ? text.replace(/\u03a3/g, '\u03c3').replace(/\u0130/g, 'i') : text;
  return oneToOne.toLowerCase();
}

/** The part of a better-sqlite3 connection that registers functions. */
interface FunctionHost {
  function(name: string, options: { deterministic: boolean; safeIntegers: boolean }, fn: (value: unknown) => unknown): unknown;
}

/**
 * Registers storage's SQL functions on a better-sqlite3 connection. Numbers, blobs and NULL pass through unchanged
 * (digits have no case, and LIKE turns a number into text as it did). Integers come in and go back as BigInt, so they
 * stay INTEGER: as plain numbers they came back REAL, and LIKE read the integer 12 as "12.0". @internal
 */
export function registerSqliteFunctions(db: FunctionHost): void {
  db.function(SQLITE_LOWER_FUNCTION, { deterministic: true, safeIntegers: true }, (value) => (typeof value === 'string' ? lowerEachCharacter(value) : value));
  db.function(SQLITE_STORED_JSON_FUNCTION, { deterministic: true, safeIntegers: true }, (value) =>
    typeof value === 'string' ? storedFormOfForeignJson(value) : value,
  );
}
