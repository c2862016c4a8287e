import path from 'node:path';
import { DatasetError } from '../errors';
import type { DatasetItem, LoadedItem } from '../types';
import { IdSet } from './id-set';
import { DuplicateIdGuard, normalizeItem } from './normalize-item';
import { openFileDataset } from './read-file-dataset';
import { DatasetFieldCheck, type DatasetWarning } from './dataset-warnings';

/** Anything the evaluator accepts as a dataset: items with inputs `I` and expected values `E`, or a file path. */
export type DatasetSource<I = unknown, E = unknown> =
  | readonly DatasetItem<I, E>[]
  | string
  | AsyncIterable<DatasetItem<I, E>>
  | Iterable<DatasetItem<I, E>>;

/** A dataset ready to run: its name, its size when known up front, and its items in order. */
export interface PreparedDataset {
  name: string;
  size: number | undefined;
  items(): Iterable<LoadedItem> | AsyncIterable<LoadedItem>;
  /** What looks wrong in an array or a file (fields that are ignored); a stream is not looked at up front. */
  warnings: DatasetWarning[];
  /** Items with an expected value; undefined for a stream. */
  itemsWithExpected: number | undefined;
  /** The file, for messages; undefined for items given in code. */
  file?: string;
}

async function* guardedStream(source: AsyncIterable<DatasetItem> | Iterable<DatasetItem>): AsyncIterable<LoadedItem> {
  // Every id of the stream is kept to catch duplicates: off the heap, so a million-item stream stays small.
  const seen = new IdSet();
  let index = 0;
  for await (const raw of source) {
    const item = normalizeItem(raw, index);
    // Where in the stream: the first sighting's position is not kept (the ids are, compactly, off the heap).
    if (!seen.add(item.id)) throw new DatasetError(`duplicate item id "${item.id}" at item ${index} of the stream (0-based); ids must be unique`);
    index++;
    yield item;
  }
  if (index === 0) throw new DatasetError(`the dataset stream yielded no items; ${AT_LEAST_ONE}`);
}

const AT_LEAST_ONE = 'an evaluation needs at least one item';

/**
 * Validates a dataset before any work starts: arrays and files are checked whole (files by streaming), so a
 * malformed line or duplicate id is reported with its file and line, and an empty one is refused. Iterables are
 * checked as they stream (one that yields nothing fails the run with DatasetError).
 */
export async function prepareDataset(source: DatasetSource, name?: string): Promise<PreparedDataset> {
  if (typeof source === 'string') {
    const file = path.resolve(source);
    const opened = await openFileDataset(file);
    // A run of nothing would be stored as completed with a 0% success rate, and compare with anything as "no data".
    if (opened.size === 0) throw new DatasetError(`${file} holds no items (it is empty, or only blank lines or a header); ${AT_LEAST_ONE}`);
    return {
      name: name ?? path.basename(file, path.extname(file)),
      size: opened.size,
      items: opened.items,
      warnings: opened.warnings,
      itemsWithExpected: opened.itemsWithExpected,
      file,
    };
  }
  if (Array.isArray(source)) {
    const guard = new DuplicateIdGuard();
    const fields = new DatasetFieldCheck();
    const items = source.map((raw, index) => {
      const item = normalizeItem(raw, index);
      guard.check(item);
      fields.entry(raw);
      return item;
    });
    if (items.length === 0) throw new DatasetError(`the dataset is an empty array; ${AT_LEAST_ONE}`);
    return { name: name ?? 'dataset', size: items.length, items: () => items, warnings: fields.warnings(), itemsWithExpected: fields.itemsWithExpected };
  }
  if (source && (Symbol.asyncIterator in (source as object) || Symbol.iterator in (source as object))) {
    let used = false;
    return {
      name: name ?? 'dataset',
      size: undefined,
      warnings: [],
      itemsWithExpected: undefined,
      items: () => {
        if (used) throw new DatasetError('this dataset is a one-shot iterable and was already consumed; pass a new one');
        used = true;
        return guardedStream(source as AsyncIterable<DatasetItem>);
      },
    };
  }
  throw new DatasetError('dataset must be an array of items, a path to a .jsonl/.json/.csv file, or an (async) iterable');
}
