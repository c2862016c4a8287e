import { encodeText, escapeLike, type SqlDialect } from '@llm-eval/storage';
import type { ParamNames } from './sql-params';

/** Storage's escape character: NUL, lone surrogates and U+FDD0 itself are stored as it and four hex digits. */
const ESC = '\uFDD0';
/** Text that starts as an escape's digits do: only such text can match from inside an escape. */
const HEX_START = /^[0-9a-f]/i;
/** Four characters before a match, none of them the escape character (the column is padded, so a match at its start has them). */
const PADDING = "'    '";

const escapeRegex = (text: string) => text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
const escapeGlob = (text: string) => text.replace(/[*?[]/g, '[$&]');

/**
 * SQL for "`column` (text as stored, never NULL) contains `text`", case-insensitive, as the text was given. Both are
 * compared in the stored form, where NUL is U+FDD0 followed by "0000": a LIKE alone would find "0000" or "fdd0" in an
 * output holding a NUL, so a match must not start inside an escape, i.e. within four characters after U+FDD0. Only
 * text starting with a hex digit can do that, and only a column holding U+FDD0 needs the check (a regular expression
 * on PostgreSQL, a GLOB with a character class on SQLite, which has no REGEXP of its own). @internal
 */
export function storedTextContains(dialect: SqlDialect, column: string, text: string, p: ParamNames): string {
  const stored = encodeText(text);
  const lowered = dialect.lower(column);
  const like = `${lowered} LIKE ${dialect.lower(p.bind(`%${escapeLike(stored)}%`))} ESCAPE '\\'`;
  if (!HEX_START.test(stored)) return like;
  const esc = p.bind(ESC);
  const notEsc = `[^${ESC}]`;
  const aligned =
    dialect.kind === 'postgres'
      ? `(${PADDING} || ${lowered}) ~ ${dialect.lower(p.bind(`${notEsc}{4}${escapeRegex(stored)}`))}`
      : `(${PADDING} || ${lowered}) GLOB ${dialect.lower(p.bind(`*${notEsc.repeat(4)}${escapeGlob(stored)}*`))}`;
  const holdsEscapes = dialect.kind === 'postgres' ? `strpos(${column}, ${esc}) > 0` : `instr(${column}, ${esc}) > 0`;
  return `(${like} AND (NOT (${holdsEscapes}) OR ${aligned}))`;
}
