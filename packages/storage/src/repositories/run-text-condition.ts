import type { DataSource } from 'typeorm';
import { POSTGRES_TEXT_EXPRESSION } from '../migrations/1764250000000-initial-schema';
import { dialectOf, escapeLike, type SqlDialect } from './sql-dialect';
import { encodeText } from './stored-text';
import { ParameterBinder } from './parameter-binder';
import { ESCAPE_TRIGRAMS, outsideEscapesSql, storedTextContains } from './stored-text-contains';

/** The run columns a text search looks in. */
const TEXT_COLUMNS = ['name', 'description', 'dataset_name'] as const;

/** Those columns of the table or alias `table`, an absent one as empty text. */
const textColumns = (table: string) => TEXT_COLUMNS.map((c) => `COALESCE(${table}."${c}", '')`);

/** The text as stored (NUL and lone surrogates escaped: stored-text.ts), trimmed as the FTS5 phrase is. */
const storedSearchText = (text: string) => encodeText(text).trim();

/** Rows the FTS5 trigram index can answer for this text on SQLite; undefined when it cannot. @internal */
export function sqliteFtsPhrase(dialect: SqlDialect, text: string | undefined): string | undefined {
  // Searched in the stored form: a raw NUL would end the FTS5 query string. The phrase finds the text inside escapes
  // too: runTextCondition and countSqliteTextMatches check those rows.
  const t = text === undefined ? undefined : storedSearchText(text);
  if (dialect.kind !== 'sqlite' || !t || [...t].length < 3) return undefined;
  return ftsPhrase(t);
}

const ftsPhrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** The stored text of a phrase sqliteFtsPhrase made. */
const textOfPhrase = (phrase: string) => phrase.slice(1, -1).replace(/""/g, '"');

/**
 * Number of runs whose text matches, straight from the FTS5 table (kept one-to-one with runs by triggers). A text
 * that could match inside an escape checks only the rows holding one, which the escapes' own trigrams find. @internal
 */
export async function countSqliteTextMatches(dataSource: DataSource, phrase: string): Promise<number> {
  const { bind, values: params } = new ParameterBinder('phrase');
  const fts = '"evaluation_runs_fts"';
  const match = `${fts} MATCH ${bind(phrase)}`;
  const outside = outsideEscapesSql(dialectOf(dataSource), textColumns(fts), textOfPhrase(phrase), bind);
  const escaped = outside && `${fts}.rowid IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${bind(ESCAPE_TRIGRAMS.map(ftsPhrase).join(' OR '))})`;
  const sql = `SELECT COUNT(*) AS "n" FROM ${fts} WHERE ${match}${escaped ? ` AND (NOT ${escaped} OR ${outside})` : ''}`;
  const [query, values] = dataSource.driver.escapeQueryWithParameters(sql, params);
  const [row] = await dataSource.query(query, values);
  return Number(row?.n ?? 0);
}

/** Above this many text matches, walking the sort index beats sorting every match. @internal */
export const MANY_TEXT_MATCHES = 2_000;

/**
 * How many runs match a text search, when the database can say cheaply (SQLite's FTS5 table; undefined elsewhere or
 * for texts under three characters). Pass `> MANY_TEXT_MATCHES` as runTextCondition's `manyMatches`.
 */
export async function countTextMatches(dataSource: DataSource, dialect: SqlDialect, text: string): Promise<number | undefined> {
  const phrase = sqliteFtsPhrase(dialect, text);
  return phrase ? countSqliteTextMatches(dataSource, phrase) : undefined;
}

/**
 * SQL for "the run's name, description or dataset name contains `text`" (case-insensitive, as the text was given, never
 * inside a stored escape: stored-text-contains.ts), served by the FTS5 trigram table on SQLite and the pg_trgm index on
 * PostgreSQL, with its bound parameters under unique names derived from `param` (`param_0`, `param_1`, …: a
 * ParameterBinder's). `manyMatches` (SQLite) walks the sort index instead of driving the plan from the matches.
 */
export function runTextCondition(
  dialect: SqlDialect,
  text: string,
  param: string,
  manyMatches = false,
): { sql: string; params: Record<string, unknown> } {
  const { bind, values: params } = new ParameterBinder(param);
  // Both sides in the stored form; PostgreSQL refuses a NUL in any text parameter.
  const stored = encodeText(text);
  const withOutside = (sql: string, outside: string | undefined) => ({ sql: outside === undefined ? sql : `(${sql} AND ${outside})`, params });
  if (dialect.kind === 'postgres') {
    // The LIKE compares the indexed expression itself (already lower-cased) with a pattern lower-cased by the same
    // lower() (JavaScript's lower-cases "İ" otherwise than the database's locale does), constant once bound, so the
    // trigram index serves it; the escape check only looks at the rows it finds.
    const expression = POSTGRES_TEXT_EXPRESSION.replace(/"(name|description|dataset_name)"/g, '"r"."$1"');
    const like = `${expression} LIKE lower(${bind(`%${escapeLike(stored)}%`)})`;
    return withOutside(like, outsideEscapesSql(dialect, [expression], stored, bind, (e) => e));
  }
  const phrase = sqliteFtsPhrase(dialect, text);
  if (phrase) {
    // FTS5 trigram index: the phrase matches as a case-insensitive substring of any of the three columns. For a
    // common term, the unary plus stops SQLite from driving the plan by the matches (then sorting them all): it walks
    // the sort index instead and checks each row against the match set.
    const rowid = manyMatches ? '+"r".rowid' : '"r".rowid';
    const match = `${rowid} IN (SELECT rowid FROM "evaluation_runs_fts" WHERE "evaluation_runs_fts" MATCH ${bind(phrase)})`;
    return withOutside(match, outsideEscapesSql(dialect, textColumns('"r"'), storedSearchText(text), bind));
  }
  // Trigrams need three characters; one- and two-character searches scan. An empty column holds no text: false, not
  // SQL's unknown, so a negated search ("not ab") takes a run without a description as PostgreSQL's coalesce does.
  return { sql: `(${textColumns('"r"').map((c) => storedTextContains(dialect, c, text, bind)).join(' OR ')})`, params };
}
