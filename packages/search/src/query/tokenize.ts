import { QuerySyntaxError } from '../errors';

/** Longest query parseQuery accepts, in UTF-16 code units. */
export const MAX_QUERY_LENGTH = 2000;

/** One lexical unit of a query, with its 0-based position in the query text. */
export interface Token {
  /** word: `failed`, `gpt-4o`, `80%`; quoted: `"nightly run"`; field: `model:gpt-4o`; op: `>=`; punct: `;`, `--`. */
  readonly kind: 'word' | 'quoted' | 'field' | 'op' | 'punct';
  /** The token as typed; for `quoted` the text between the quotes, for `field` the value. */
  readonly text: string;
  /** `text` lower-cased, for vocabulary look-ups. */
  readonly lower: string;
  readonly start: number;
  readonly end: number;
  /** Field tokens: the key as typed, where it and the value start, `-key:value` negation, a quoted value. */
  readonly key?: string;
  readonly keyStart?: number;
  readonly valueStart?: number;
  readonly negated?: boolean;
  readonly quotedValue?: boolean;
}

const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '\u201c': '\u201d', '\u2018': '\u2019' };
const OP_CHARS = new Set(['<', '>', '=', '!', '\u2265', '\u2264', '\u2260']);
const PUNCT_CHARS = new Set([';', ',', '(', ')', '[', ']', '{', '}', '|', '&', '*', '\\', '`', '?']);
const FIELD_RE = /^(-?)([A-Za-z_][A-Za-z0-9_]*):/;
const MEANINGFUL_RE = /[\p{L}\p{N}]/u;
/** Whitespace, control characters and invisible bidi or BOM marks separate tokens; ZWJ and ZWNJ stay inside words. */
const SEPARATOR_RE = /[\s\p{Cc}\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;
const WORD_TAIL_RE = /[\p{L}\p{N}]/u;

/** Split a query into tokens. Throws QuerySyntaxError for an over-long query or an unterminated quote. */
export function tokenize(text: string): Token[] {
  if (text.length > MAX_QUERY_LENGTH) throw tooLong(text);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = charAt(text, i);
    if (SEPARATOR_RE.test(ch)) {
      i += ch.length;
    } else if (isQuoteStart(text, i)) {
      const quoted = readQuoted(text, i);
      tokens.push(make('quoted', quoted.inner, i, quoted.end));
      i = quoted.end;
    } else if (OP_CHARS.has(ch)) {
      let end = i;
      while (end < text.length && OP_CHARS.has(text[end]!)) end++;
      tokens.push(make('op', text.slice(i, end), i, end));
      i = end;
    } else if (PUNCT_CHARS.has(ch)) {
      tokens.push(make('punct', ch, i, i + 1));
      i += 1;
    } else {
      const token = readWord(text, i);
      tokens.push(token);
      i = token.end;
    }
  }
  return tokens;
}

const CONTROL_RE = /[^\P{Cc}\s]/gu;

/**
 * What a query's control characters outside quotes (NUL, BEL …; not tabs or line breaks) tell the reader: they separate
 * words, like spaces, and are otherwise ignored, which a query of "a" and a NUL then said nowhere.
 */
export function controlCharacterWarnings(text: string, tokens: readonly Token[]): string[] {
  const quoted = tokens.filter((t) => t.kind === 'quoted' || t.quotedValue);
  const found = [...text.matchAll(CONTROL_RE)].filter((m) => !quoted.some((t) => m.index > t.start && m.index < t.end));
  const first = found[0];
  if (!first) return [];
  const code = `U+${first[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return found.length === 1
    ? [`ignored a control character (${code}) at character ${first.index + 1}`]
    : [`ignored ${found.length} control characters (the first, ${code}, at character ${first.index + 1})`];
}

/** Characters of an over-long query shown before and after the limit. */
const EXCERPT_BEFORE = 40;
const EXCERPT_AFTER = 30;

/**
 * The error of an over-long query. Its `query` is an excerpt around the limit (the CLI and the HTTP error echo it with
 * a caret at `position`, which is in the excerpt): echoing ten thousand characters helps no one. The message names the
 * character in the whole query.
 */
function tooLong(text: string): QuerySyntaxError {
  const from = MAX_QUERY_LENGTH - EXCERPT_BEFORE;
  const to = MAX_QUERY_LENGTH + EXCERPT_AFTER;
  const excerpt = `\u2026${text.slice(from, to)}${to < text.length ? '\u2026' : ''}`;
  const error = new QuerySyntaxError('query too long', excerpt, EXCERPT_BEFORE + 1);
  error.message =
    `query too long (${text.length} characters; at most ${MAX_QUERY_LENGTH}) ` +
    `(at character ${MAX_QUERY_LENGTH + 1}: "${text.slice(MAX_QUERY_LENGTH - 10, MAX_QUERY_LENGTH + 10)}")`;
  return error;
}

function make(kind: Token['kind'], value: string, start: number, end: number): Token {
  return { kind, text: value, lower: value.toLowerCase(), start, end };
}

/** One code point (a surrogate pair stays together; a lone surrogate is its own character). */
function charAt(text: string, i: number): string {
  const code = text.codePointAt(i) ?? 0;
  return String.fromCodePoint(code);
}

/** `"` and `“` always open a quote; `'` and `‘` only at the start of a token, so "don't" stays one word. */
function isQuoteStart(text: string, i: number): boolean {
  const ch = text[i]!;
  if (ch === '"' || ch === '\u201c') return true;
  if (ch !== "'" && ch !== '\u2018') return false;
  const prev = i > 0 ? text[i - 1]! : ' ';
  return !WORD_TAIL_RE.test(prev);
}

function readQuoted(text: string, start: number): { inner: string; end: number } {
  const open = text[start]!;
  const close = QUOTE_PAIRS[open]!;
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j]!;
    const closes = c === close || (open === '\u201c' && c === '"');
    if (!closes) continue;
    // A single quote inside a word ("it's") does not close the phrase.
    if ((close === "'" || close === '\u2019') && j + 1 < text.length && WORD_TAIL_RE.test(text[j + 1]!)) continue;
    return { inner: text.slice(start + 1, j), end: j + 1 };
  }
  throw new QuerySyntaxError('unterminated quote: add the closing quote', text, start);
}

function isWordChar(text: string, i: number): boolean {
  const ch = charAt(text, i);
  return !SEPARATOR_RE.test(ch) && !OP_CHARS.has(ch) && !PUNCT_CHARS.has(ch) && ch !== '"' && ch !== '\u201c';
}

function readWord(text: string, start: number): Token {
  let end = start;
  while (end < text.length && isWordChar(text, end)) end += charAt(text, end).length;
  const raw = text.slice(start, end);
  const field = FIELD_RE.exec(raw);
  if (field) return readField(text, start, field[2]!, field[1] === '-');
  // Sentence punctuation at the end of a word ("runs.") is not part of it.
  let trimmed = end;
  while (trimmed > start + 1 && (text[trimmed - 1] === '.' || text[trimmed - 1] === ':')) trimmed--;
  const word = text.slice(start, trimmed);
  return make(MEANINGFUL_RE.test(word) ? 'word' : 'punct', word, start, end);
}

/** `key:value`, `key:"quoted value"`, `-key:value`; the key and an empty value are checked by the field rule, which knows the vocabulary. */
function readField(text: string, start: number, key: string, negated: boolean): Token {
  const keyStart = negated ? start + 1 : start;
  const valueStart = keyStart + key.length + 1;
  const field = { key, keyStart, negated };
  if (valueStart < text.length && isQuoteStart(text, valueStart)) {
    const quoted = readQuoted(text, valueStart);
    return { ...make('field', quoted.inner, start, quoted.end), ...field, valueStart: valueStart + 1, quotedValue: true };
  }
  // Commas join list values (`status:failed,cancelled`, `model:gpt-4o,claude-3`).
  let end = valueStart;
  while (end < text.length && (isWordChar(text, end) || (text[end] === ',' && end + 1 < text.length && isWordChar(text, end + 1)))) {
    end += charAt(text, end).length;
  }
  let valueEnd = end;
  while (valueEnd > valueStart && /[.:]/.test(text[valueEnd - 1]!)) valueEnd--;
  return { ...make('field', text.slice(valueStart, valueEnd), start, end), ...field, valueStart };
}

/** The values of a field token: one when quoted, else the comma-separated list. */
export function fieldValues(token: Token): string[] {
  return token.quotedValue ? [token.text] : token.text.split(',');
}
