import { DatasetError } from '../errors';
import { describeJsonSyntaxError } from './json-syntax-error';
import { setOwnKey } from './own-key';
import { repeatedKeyMessage } from './duplicate-keys';
import { quoteValue } from './safe-excerpt';

/**
 * Objects of a JSON export whose text is longer than this are read member by member; shorter values in one piece.
 * V8's longest string is about 512 MB, so a JSON export of a large run (a million items' results, or the fallback
 * file of a run whose storage failed) cannot be read as one text: its `results` object is split into items instead.
 * @internal
 */
export const PIECE_BYTES = 64 * 1024 * 1024;

/**
 * How deep objects are split: the export's own members, those of `results`, `errors` and `llm_eval`, and those of
 * `llm_eval.failures`. Deeper values are one piece each (an item's fields), so a hostile file nested a thousand levels
 * deep is neither recursed into nor scanned once per level.
 */
const MAX_SPLIT_DEPTH = 3;

/** How one piece of the document is parsed: `text` is a JSON document holding the piece at `keys` (raw key texts). */
export type PieceParser = (text: string) => unknown;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** A member of an object in the buffer: its key's text (quotes included) and its value's bytes. */
interface Member {
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

/**
 * Reads a JSON export held as UTF-8 bytes (too long for one string) into the same value JSON.parse would give: each
 * object longer than `pieceBytes` is split into its members, and every other value is parsed by `parse` inside a
 * document that nests it under its own keys (`{"results":{"item-7":…}}`), so what `parse` reports (a repeated key, a
 * number read inexactly, a value that cannot be stored) names the value's full path, as for the whole text. A key
 * given twice in a split object is refused with the same words. Only the structure between the pieces is scanned
 * here: JSON's structural characters are ASCII, and no byte of a multi-byte UTF-8 character is.
 * @internal
 */
export function parseJsonPieces(bytes: Buffer, name: string, parse: PieceParser, pieceBytes = PIECE_BYTES): unknown {
  const start = skipSpace(bytes, bomLength(bytes));
  if (bytes[start] !== OPEN_OBJECT) throw new DatasetError(`malformed JSON at ${where(bytes, start)}: an export starts with "{"`, name);
  const end = valueEnd(bytes, start, name);
  if (skipSpace(bytes, end) !== bytes.length) throw new DatasetError(`malformed JSON at ${where(bytes, skipSpace(bytes, end))}: text after the export's closing "}"`, name);
  return readObject(bytes, start, [], [], name, parse, pieceBytes);
}

/** The object at `start`, under the keys `keys` (as written, quotes included) that read as `names`. */
function readObject(
  bytes: Buffer,
  start: number,
  keys: readonly string[],
  names: readonly string[],
  name: string,
  parse: PieceParser,
  pieceBytes: number,
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const member of objectMembers(bytes, start, name)) {
    const keyText = bytes.toString('utf8', member.keyStart, member.keyEnd);
    let key: string;
    try {
      key = JSON.parse(keyText) as string;
    } catch {
      // A bad escape or a control character in the key: said as for the whole text, where it is in the file.
      const placed = placedAsInFile(bytes, member.keyStart, member.keyEnd, keys, ':0}', '{');
      throw new DatasetError(`malformed JSON at ${describeJsonSyntaxError(placed).replace(/, near ".*"$/s, '')}`, name);
    }
    const pathNames = [...names, key];
    if (seen.has(key)) throw new DatasetError(repeatedKeyMessage(pathNames.join('.')), name);
    seen.add(key);
    const path = [...keys, keyText];
    if (member.valueEnd - member.valueStart > pieceBytes && bytes[member.valueStart] === OPEN_OBJECT && path.length < MAX_SPLIT_DEPTH) {
      setOwnKey(record, key, readObject(bytes, member.valueStart, path, pathNames, name, parse, pieceBytes));
      continue;
    }
    const text = `${path.map((k) => `{${k}:`).join('')}${pieceText(bytes, member, pathNames, name)}${'}'.repeat(path.length)}`;
    let value: unknown;
    try {
      value = parse(text);
    } catch (error) {
      // Said again of the piece placed where it is in the file, so the line and column the error names are the file's.
      if (error instanceof DatasetError) parse(placedAsInFile(bytes, member.valueStart, member.valueEnd, path));
      throw error;
    }
    for (const k of pathNames) value = (value as Record<string, unknown>)[k];
    setOwnKey(record, key, value);
  }
  return record;
}

/** A member's value as text; refused, naming where it is (`names`), when it is longer than one string can be. */
function pieceText(bytes: Buffer, member: Member, names: readonly string[], name: string): string {
  try {
    return bytes.toString('utf8', member.valueStart, member.valueEnd);
  } catch (cause) {
    const where = names.join('.');
    const mb = Math.round((member.valueEnd - member.valueStart) / 2 ** 20);
    throw new DatasetError(`the value at ${quoteValue(where)} takes ${mb} MB, more than one text can hold (about 512 MB): it cannot be imported`, name, undefined, { cause });
  }
}

/**
 * The bytes from `start` to `end` nested under `path`'s keys as in readObject (then `opening`, and `closing` after
 * them), with whitespace before them so that they start on the line and column they have in the file. Built only for
 * an error's message, whose line and column are then the file's.
 */
function placedAsInFile(bytes: Buffer, start: number, end: number, path: readonly string[], closing = '', opening = ''): string {
  const before = `${path.map((k) => `{${k}:`).join('')}${opening}`;
  const { line, column } = lineAndColumn(bytes, start);
  const pad = line > 1 ? `${'\n'.repeat(line - 1)}${' '.repeat(column - 1)}` : ' '.repeat(Math.max(0, column - 1 - before.length));
  return `${before}${pad}${bytes.toString('utf8', start, end)}${closing}${'}'.repeat(path.length)}`;
}

/** The 1-based line and column (in characters, after any byte-order mark) of the byte at `at`. */
function lineAndColumn(bytes: Buffer, at: number): { line: number; column: number } {
  const bom = bomLength(bytes);
  let line = 1;
  let lineStart = bom;
  for (let nl = bytes.indexOf(0x0a, bom); nl !== -1 && nl < at; nl = bytes.indexOf(0x0a, nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, column: bytes.toString('utf8', lineStart, Math.min(at, bytes.length)).length + 1 };
}

/** "line 3, column 7", where the byte at `at` is. */
function where(bytes: Buffer, at: number): string {
  const { line, column } = lineAndColumn(bytes, at);
  return `line ${line}, column ${column}`;
}

/** The members of the object whose "{" is at `start`, in order. */
function objectMembers(bytes: Buffer, start: number, name: string): Member[] {
  const members: Member[] = [];
  let at = skipSpace(bytes, start + 1);
  if (bytes[at] === CLOSE_OBJECT) return members;
  for (;;) {
    if (bytes[at] !== QUOTE) throw malformed(bytes, name, at, 'a key in quotes');
    const keyEnd = stringEnd(bytes, at, name) + 1;
    const colon = skipSpace(bytes, keyEnd);
    if (bytes[colon] !== COLON) throw malformed(bytes, name, colon, '":" after a key');
    const valueStart = skipSpace(bytes, colon + 1);
    const end = valueEnd(bytes, valueStart, name);
    members.push({ keyStart: at, keyEnd, valueStart, valueEnd: end });
    at = skipSpace(bytes, end);
    if (bytes[at] === CLOSE_OBJECT) return members;
    if (bytes[at] !== COMMA) throw malformed(bytes, name, at, '"," or "}"');
    at = skipSpace(bytes, at + 1);
  }
}

/** The index just past the value that starts at `start`. */
function valueEnd(bytes: Buffer, start: number, name: string): number {
  const first = bytes[start];
  if (first === QUOTE) return stringEnd(bytes, start, name) + 1;
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    let at = start;
    while (at < bytes.length && !isSpace(bytes[at]!) && bytes[at] !== COMMA && bytes[at] !== CLOSE_OBJECT && bytes[at] !== CLOSE_ARRAY) at++;
    if (at === start) throw malformed(bytes, name, start, 'a value');
    return at;
  }
  let depth = 0;
  for (let at = start; at < bytes.length; at++) {
    const byte = bytes[at];
    if (byte === QUOTE) at = stringEnd(bytes, at, name);
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth++;
    else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
      if (depth === 0) return at + 1;
    }
  }
  throw malformed(bytes, name, bytes.length, `the end of the ${first === OPEN_OBJECT ? 'object' : 'array'} that starts at ${where(bytes, start)}`);
}

/** The index of the quote that ends the string whose opening quote is at `start`. */
function stringEnd(bytes: Buffer, start: number, name: string): number {
  for (let end = bytes.indexOf(QUOTE, start + 1); end !== -1; end = bytes.indexOf(QUOTE, end + 1)) {
    let backslashes = 0;
    while (bytes[end - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
  }
  throw malformed(bytes, name, start, 'the end of the string that starts there');
}

/** 3 when the bytes start with UTF-8's byte-order mark (which the whole text's reading drops too), else 0. */
function bomLength(bytes: Buffer): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

function skipSpace(bytes: Buffer, at: number): number {
  while (at < bytes.length && isSpace(bytes[at]!)) at++;
  return at;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function malformed(bytes: Buffer, name: string, at: number, expected: string): DatasetError {
  return new DatasetError(`malformed JSON at ${where(bytes, at)}: expected ${expected}`, name);
}
