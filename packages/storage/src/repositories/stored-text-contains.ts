import { escapeLike, type SqlDialect } from './sql-dialect';
import { encodeText } from './stored-text';

/** Binds a value as a query parameter and returns its placeholder. @internal */
export type BindParameter = (value: unknown) => string;

/** Storage's escape character: NUL, lone surrogates and U+FDD0 itself are stored as it and four hex digits. */
const ESC = '\uFDD0';
/**
 * Every escape's first three characters (NUL "0000", lone surrogates "D800" to "DFFF", the escape itself "FDD0"): as
 * FTS5 trigram phrases, they find the rows that hold an escape. @internal
 */
export const ESCAPE_TRIGRAMS: readonly string[] = ['00', 'd8', 'd9', 'da', 'db', 'dc', 'dd', 'de', 'df', 'fd'].map((digits) => ESC + digits);
/** Text that starts as an escape's digits do: only such text can match from inside an escape. */
const HEX_START = /^[0-9a-f]/i;
/** Four characters before a match, none of them the escape character (the column is padded, so a match at its start has them). */
const PADDING = "'    '";

const escapeRegex = (text: string) => text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
const escapeGlob = (text: string) => text.replace(/[*?[]/g, '[$&]');

/**
 * SQL for "one of `columns` holds `stored` (text in its stored form, see stored-text.ts) where a character starts", to
 * stand beside a LIKE (or FTS5 match) that finds it anywhere in them; undefined when it adds nothing. In the stored form
 * NUL is U+FDD0 followed by "0000", so a substring match alone finds "0000" or "fdd0" in a text holding a NUL: a match
 * must not start inside an escape, i.e. within four characters after U+FDD0. Only text starting with a hex digit can
 * do that, and only when a column holds U+FDD0 is there anything to check (a regular expression on PostgreSQL, a GLOB
 * with a character class on SQLite, which has no REGEXP of its own). Case-insensitive, by `lower` (the dialect's; pass
 * the identity for expressions already lower-cased). Columns are never NULL. @internal
 */
export function outsideEscapesSql(
  dialect: SqlDialect,
  columns: readonly string[],
  stored: string,
  bind: BindParameter,
  lower: (expr: string) => string = dialect.lower,
): string | undefined {
  if (!HEX_START.test(stored)) return undefined;
  const esc = bind(ESC);
  const notEsc = `[^${ESC}]`;
  const pattern =
    dialect.kind === 'postgres'
      ? dialect.lower(bind(`${notEsc}{4}${escapeRegex(stored)}`))
      : dialect.lower(bind(`*${notEsc.repeat(4)}${escapeGlob(stored)}*`));
  const holdsEscapes = columns.map((c) => (dialect.kind === 'postgres' ? `strpos(${c}, ${esc}) > 0` : `instr(${c}, ${esc}) > 0`));
  const aligned = columns.map((c) => `(${PADDING} || ${lower(c)}) ${dialect.kind === 'postgres' ? '~' : 'GLOB'} ${pattern}`);
  return `(NOT (${holdsEscapes.join(' OR ')}) OR ${aligned.join(' OR ')})`;
}

/**
 * SQL for "`column` (text as stored, never NULL) contains `text`", case-insensitive, as the text was given: compared
 * in the stored form, never matching inside an escape (outsideEscapesSql). @internal
 */
export function storedTextContains(dialect: SqlDialect, column: string, text: string, bind: BindParameter): string {
  const stored = encodeText(text);
  const like = `${dialect.lower(column)} LIKE ${dialect.lower(bind(`%${escapeLike(stored)}%`))} ESCAPE '\\'`;
  const outside = outsideEscapesSql(dialect, [column], stored, bind);
  return outside === undefined ? like : `(${like} AND ${outside})`;
}
