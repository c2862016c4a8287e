import type { SqlDialect } from '@llm-eval/storage';

/**
 * `expr` lower-cased in SQL alike on both databases: PostgreSQL's lower(), and on SQLite the function storage
 * registers on every connection it opens (SQLITE_LOWER_FUNCTION in storage's sqlite-functions.ts), as SQLite's own
 * lower() folds ASCII letters only and "ÜBER" never matched "über". Lower-case the searched text with it too (not
 * in JavaScript), so both sides fold the same way. @internal
 */
export function sqlLower(dialect: SqlDialect, expr: string): string {
  return dialect.kind === 'sqlite' ? `llm_eval_lower(${expr})` : `lower(${expr})`;
}
