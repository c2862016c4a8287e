import { SQLITE_STORED_JSON_FUNCTION } from '../datasource/sqlite-functions';
import type { SqlDialect } from './sql-dialect';
import type { BindParameter } from './stored-text-contains';

/**
 * SQL for the JSON in `column` (a json column, as jsonb on PostgreSQL, as text on SQLite) with each escape storage
 * never writes read as storage stores its character: a NUL escape `\u0000` and the escape of a lone surrogate become
 * U+FDD0 and the code's four hex digits (stored-text.ts), so searches of the stored form find them. Another tool
 * writing the table may write either (Python's json.dumps writes lone surrogates so): PostgreSQL's json type takes
 * them and jsonb refuses them (one such row failed every search of its run that cast the column), and SQLite's JSON
 * functions cut a string at its NUL. Only rows holding such an escape pay for the rewriting.
 *
 * On PostgreSQL, backslash pairs are set aside first (as a control character, which valid JSON never holds raw), so an
 * escaped backslash followed by `u0000` is not read as an escape; then regular expressions rewrite a NUL, a high half
 * not followed by a low one and a low half not preceded by a high one. On SQLite a function of storage's
 * (storedFormOfForeignJson) does the same.
 * @internal
 */
export function jsonInStoredForm(dialect: SqlDialect, column: string, bind: BindParameter): string {
  if (dialect.kind === 'sqlite') return `(CASE WHEN instr(${column}, ${bind('\\u')}) > 0 THEN ${SQLITE_STORED_JSON_FUNCTION}(${column}) ELSE ${column} END)`;
  const text = `${column}::text`;
  const pair = bind('\\\\');
  const aside = bind('\u0001');
  const stored = bind(String.raw`\\ufdd0\1`);
  let rewritten = `replace(replace(${text}, ${pair}, ${aside}), ${bind('\\u0000')}, ${bind('\\ufdd00000')})`;
  const loneHigh = String.raw`\\u([dD][89abAB][0-9a-fA-F]{2})(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})`;
  const loneLow = String.raw`(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})`;
  rewritten = `regexp_replace(regexp_replace(${rewritten}, ${bind(loneHigh)}, ${stored}, 'g'), ${bind(loneLow)}, ${stored}, 'g')`;
  return `(CASE WHEN ${text} ~ ${bind(String.raw`\\u(0000|[dD][89a-fA-F])`)} THEN (replace(${rewritten}, ${aside}, ${pair}))::jsonb ELSE ${column}::jsonb END)`;
}
