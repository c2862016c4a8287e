import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline, Transform } from 'node:stream';
import { parse as parseCsv, type Options as CsvOptions } from 'csv-parse';
import { DatasetError } from '../errors';
import { assertUtf8 } from './assert-utf8';
import { CsvRecordLines } from './csv-record-lines';
import type { LoadedItem } from '../types';
import { IdSet } from './id-set';
import { normalizeItem } from './normalize-item';
import { DatasetFieldCheck, type DatasetWarning } from './dataset-warnings';
import { InexactNumberCheck, inexactNumberWarning } from './inexact-numbers';
import { repeatedKeyMessage, repeatedKeyOf } from '../migrate/duplicate-keys';

/**
 * Raw entries of a dataset file with the line each starts on (and a CSV row's columns as read, or the JSON text it was
 * parsed from: its line, or the whole .json file, with where the entry is in it: `['items', '3']`). @internal
 */
type RawEntries = AsyncIterable<{ raw: unknown; line: number; record?: Record<string, string>; source?: string; at?: string[] }>;

/** A UTF-8 byte-order mark, which Windows editors and PowerShell's Out-File put at the start of a file. */
const BOM = '\uFEFF';

/**
 * JSON.parse keeps the last of a key given twice without a word: `{"id":"a","expected":"x","expected":"y"}` was
 * evaluated against "y", and `{"id":"a",…,"id":"b"}` as item b. Refused as db migrate and the server refuse it.
 */
function refuseRepeatedKey(text: string, parsed: unknown, file: string, line: number | undefined): void {
  const key = repeatedKeyOf(text, parsed);
  if (key === null) return;
  throw new DatasetError(repeatedKeyMessage(key), file, line);
}

async function* jsonlEntries(file: string): RawEntries {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const read of lines) {
    line++;
    // The file's byte-order mark is not part of its first line (the CSV reader drops it too).
    const text = line === 1 && read.startsWith(BOM) ? read.slice(1) : read;
    if (text.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (cause) {
      throw new DatasetError(`malformed JSON: ${(cause as Error).message}`, file, line, { cause });
    }
    refuseRepeatedKey(text, raw, file, line);
    yield { raw, line, source: text };
  }
}

async function* jsonEntries(file: string): RawEntries {
  let parsed: unknown;
  let source: string;
  try {
    const text = await readFile(file, 'utf8');
    source = text.startsWith(BOM) ? text.slice(1) : text;
    parsed = JSON.parse(source);
  } catch (cause) {
    throw new DatasetError(`malformed JSON: ${(cause as Error).message}`, file, undefined, { cause });
  }
  refuseRepeatedKey(source, parsed, file, undefined);
  const key = Array.isArray(parsed) ? undefined : (parsed as { items?: unknown })?.items != null ? 'items' : 'data';
  const list = key === undefined ? parsed : (parsed as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) {
    throw new DatasetError('expected a JSON array of items (or an object with an "items" array)', file);
  }
  for (let i = 0; i < list.length; i++) yield { raw: list[i], line: 0, source, at: key === undefined ? [String(i)] : [key, String(i)] };
}

function parseCell(value: string): unknown {
  const trimmed = value.trim();
  if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return value;
}

async function* csvEntries(file: string): RawEntries {
  // The line each record starts on, counted from the bytes the reader is given: its own count is where a record ends.
  const lines = new CsvRecordLines();
  // A header naming one column twice would keep only the last column's values: the other's are lost unseen.
  const columns = (header: string[], line: number) => {
    const first = new Map<string, number>();
    header.forEach((name, i) => {
      const before = first.get(name);
      if (before !== undefined) {
        throw new DatasetError(`the header names column "${name}" twice (columns ${before + 1} and ${i + 1}); rename one of them`, file, line);
      }
      first.set(name, i);
    });
    return header;
  };
  // Rows as arrays, each made an object with Object.fromEntries: the reader's own objects are plain ones, where a
  // column named "__proto__" set the prototype instead of a field, and vanished unwarned.
  // The byte the last whole record ended before, as the reader parses (a record it has read may not have reached us).
  let parsedTo = 0;
  const onRecord = (row: string[], context: { bytes: number }) => {
    const line = lines.startLine(parsedTo, context.bytes);
    parsedTo = context.bytes;
    return { row, line };
  };
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      lines.add(chunk);
      done(null, chunk);
    },
  });
  // The reader passes on whatever on_record returns, though its types say a row.
  const options: CsvOptions = { bom: true, skip_empty_lines: true, on_record: onRecord as unknown as CsvOptions['on_record'] };
  const parser = pipeline(createReadStream(file), tap, parseCsv(options), () => {
    // A failure of any stream is thrown by the loop over the parser.
  });
  let header: string[] | undefined;
  try {
    for await (const { row, line } of parser as AsyncIterable<{ row: string[]; line: number }>) {
      if (header === undefined) {
        header = columns(row, line);
        continue;
      }
      const record: Record<string, string> = Object.fromEntries(header.map((name, i) => [name, row[i]!]));
      const { id, input, expected, expected_output, metadata, ...rest } = record;
      // Without an "input" column, the other columns together are the input.
      const raw = {
        id,
        input: input !== undefined ? parseCell(input) : Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, parseCell(v)])),
        expected: expected ?? expected_output,
        metadata: metadata ? parseCell(metadata) : undefined,
      };
      yield { raw, line, record };
    }
  } catch (cause) {
    if (cause instanceof DatasetError) throw cause;
    // The record the reader was in when it gave up starts after the last whole one.
    const line = lines.startLine(parsedTo);
    if ((cause as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new DatasetError(
        `malformed CSV: the quoted field opened on line ${line} is never closed; close it with " (a quote inside a quoted field is written twice: "")`,
        file,
        line,
        { cause },
      );
    }
    // The reader's own "on line 6" counts where it stopped, a "\r\n" in quotes as two lines: the record's line is named.
    const message = (cause as Error).message.replace(/ (?:at|on) line \d+/g, '');
    throw new DatasetError(`malformed CSV: ${message}`, file, line, { cause });
  }
}

function entriesOf(file: string): RawEntries {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return jsonlEntries(file);
  if (ext === '.json') return jsonEntries(file);
  if (ext === '.csv') return csvEntries(file);
  throw new DatasetError(`unsupported dataset file type "${ext || '(none)'}"; use .jsonl, .json or .csv`, file);
}

async function* loadedItems(file: string): AsyncIterable<LoadedItem> {
  let index = 0;
  for await (const { raw, line } of entriesOf(file)) {
    yield normalizeItem(raw, index++, { file, line: line || undefined });
  }
}

/**
 * Opens a dataset file: one streaming pass checks every line and id before any work starts (keeping only the ids),
 * then `items()` streams the file again, so large datasets are never held in memory.
 * @internal
 */
export async function openFileDataset(
  file: string,
): Promise<{ size: number; items: () => AsyncIterable<LoadedItem>; warnings: DatasetWarning[]; itemsWithExpected: number }> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message;
    throw new DatasetError(`cannot read the dataset file: ${reason}`, file, undefined, { cause });
  }
  await assertUtf8(file);
  // Off the heap: a Map of a million ids (with their lines) took ≈ 60 MB of heap and most of a million-item CLI run's
  // peak memory. The line of an id's first occurrence is looked up again only when a duplicate is found.
  const ids = new IdSet();
  const fields = new DatasetFieldCheck(file);
  const numbers = new InexactNumberCheck();
  let size = 0;
  let index = 0;
  for await (const { raw, line, record, source, at } of entriesOf(file)) {
    const origin = { file, line: line || undefined };
    const item = normalizeItem(raw, index, origin);
    if (record) fields.csvRecord(record);
    else fields.entry(raw);
    if (source !== undefined) numbers.entry(raw, line, source, at, index);
    index++;
    if (!ids.add(item.id)) {
      const first = await firstLineOf(file, item.id);
      throw new DatasetError(`duplicate item id "${item.id}"${first !== undefined ? ` (first seen on line ${first})` : ''}; ids must be unique`, file, origin.line);
    }
    size++;
  }
  const inexact = inexactNumberWarning(file, numbers);
  const warnings = inexact ? [...fields.warnings(), { code: 'inexact-number' as const, ...inexact }] : fields.warnings();
  return { size, items: () => loadedItems(file), warnings, itemsWithExpected: fields.itemsWithExpected };
}

/** The line the item with `id` first appears on (undefined in a .json file, which has no lines per item). */
async function firstLineOf(file: string, id: string): Promise<number | undefined> {
  let index = 0;
  for await (const { raw, line } of entriesOf(file)) {
    if (normalizeItem(raw, index++, { file, line: line || undefined }).id === id) return line || undefined;
  }
  return undefined;
}
