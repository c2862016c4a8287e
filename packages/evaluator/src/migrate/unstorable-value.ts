import { MAX_JSON_DEPTH } from '@llm-eval/storage/limits';
import { UnstorableValueError } from '../errors';
import { quoteValue } from './safe-excerpt';
import { jsonPathText } from './json-path-text';
import { JsonTextPaths } from './json-text-paths';

/**
 * Deepest nesting of arrays and objects storage keeps in one JSON value, the value itself counted: storage's own
 * limit, from its module that imports nothing, so reading an export loads no database module.
 * @internal
 */
export const STORED_JSON_DEPTH = MAX_JSON_DEPTH;

/** What one parsed document is: a JSON export, or one line of a JSONL export (`line`), and the file's name. */
export interface ParsedDocument {
  text: string;
  value: unknown;
  file?: string;
  /** 1-based line of a JSONL export; undefined for a JSON export. */
  line?: number;
}

/**
 * Refuses (UnstorableValueError) the first value of an export document, in the order of its text, that cannot be
 * stored as written: a number out of a double's range, which JSON.parse reads as Infinity (stored as null, or as the
 * text "Infinity"), or a field nesting arrays or objects deeper than storage keeps. Depth is counted per stored field,
 * the field's value being level 1, as storage counts it: whatever storage keeps and an export writes (3 or 4 levels
 * down in the file) reads back. An item's output and expected value are stored as text (normalize-export.ts checks
 * those). Iterative: a file nested 100,000 levels deep is refused, not a stack overflow. One walk of the parsed value
 * rules both out almost always; only then is the text read, for the number as written and the path.
 * @internal
 */
export function refuseUnstorableValues(doc: ParsedDocument): void {
  if (!mayBeUnstorable(doc.value)) return;
  const found = findUnstorable(doc.text, doc.line !== undefined, itemLineOf(doc) !== null);
  if (!found) return;
  const { path, problem } = found;
  const { at, exportPath, itemId, field } = valuePlace(doc, path);
  const reason =
    problem === 'out_of_range'
      ? `${at}: the number ${shortLiteral(found.literal!)} is out of range (beyond ±1.7976931348623157e308, the largest a 64-bit float holds), ` +
        'so it would not be stored as written; write a smaller number, or the value as a string, and import the file again'
      : `${at}: nests arrays or objects more than ${found.limit} levels deep, more than can be stored` +
        `${found.limit! < STORED_JSON_DEPTH ? ` (it is kept inside the item's metadata, which nests at most ${STORED_JSON_DEPTH})` : ''}; ` +
        'flatten it, or store it as a JSON string, and import the file again';
  throw new UnstorableValueError(problem, jsonPathText(exportPath), field ?? jsonPathText(path), itemId, reason, doc.file, doc.line);
}

/** A JSONL item line (an object of type "item" with a string id), or null. */
function itemLineOf(doc: ParsedDocument): Record<string, unknown> | null {
  const row = doc.line !== undefined ? (doc.value as Record<string, unknown> | null) : null;
  return row !== null && typeof row === 'object' && row.type === 'item' && typeof row.id === 'string' ? row : null;
}

/** Where a value of an export document is, as its messages name it. */
export interface ValuePlace {
  /** `item "q1", field "metadata" (at results.q1.metadata.x)`, or only the path when it is no item's or field's. */
  at: string;
  /** Its keys in the export the document is, or whose line it is (a JSONL item line's under `results.<id>`). */
  exportPath: string[];
  itemId?: string;
  field?: string;
}

/**
 * Where the value at `path` of a document is: its item, its stored field, and its path in the export (what the API
 * names; a JSONL line's path alone names nothing a user can find).
 * @internal
 */
export function valuePlace(doc: ParsedDocument, path: string[]): ValuePlace {
  const itemLine = itemLineOf(doc);
  const place = placeOf(path, doc.line !== undefined, itemLine !== null);
  const itemId = itemLine ? (itemLine.id as string) : place.itemIndex !== undefined ? path[place.itemIndex] : undefined;
  const field = place.fieldName ?? (path.length > place.fieldIndex ? path.slice(place.fieldStart, place.fieldIndex + 1).join('.') : undefined);
  const where = [itemId !== undefined ? `item ${quoteValue(itemId)}` : '', field !== undefined ? `field ${quoteValue(field)}` : '']
    .filter(Boolean)
    .join(', ');
  const exportPath = itemLine ? [...(itemLine.success ? ['results', itemId!] : ['llm_eval', 'failures', itemId!]), ...path] : path;
  return { at: where ? `${where} (at ${jsonPathText(path)})` : jsonPathText(path), exportPath, itemId, field };
}

/** Where the stored field of a value is: the keys naming it (`fieldStart..fieldIndex` of its path), and its item's. */
interface Place {
  fieldStart: number;
  fieldIndex: number;
  /** The key of the item's id, in a JSON export. */
  itemIndex?: number;
  /** Whether the field is one of an item's (its input, metadata, …) rather than the run's. */
  itemField: boolean;
  fieldName?: string;
}

/**
 * The place of a value at `path` (only its first 4 keys are looked at). In a JSON export: an item's fields under
 * `results.<id>` and `llm_eval.failures.<id>`, an item's error at `errors.<id>`, the run's fields under `llm_eval` or at
 * the top. On a JSONL line: an item's fields (on an item line) or the run's at the top, and the run's under `llm_eval`.
 */
function placeOf(path: string[], jsonl: boolean, itemLine: boolean): Place {
  if (!jsonl && path[0] === 'results') return { fieldStart: 2, fieldIndex: 2, itemIndex: 1, itemField: true };
  if (path[0] === 'llm_eval' && path[1] === 'failures') return { fieldStart: 3, fieldIndex: 3, itemIndex: 2, itemField: true };
  if (path[0] === 'llm_eval') return { fieldStart: 0, fieldIndex: 1, itemField: false };
  if (!jsonl && path[0] === 'errors') return { fieldStart: 0, fieldIndex: 1, itemIndex: 1, itemField: false, fieldName: 'errors' };
  return { fieldStart: 0, fieldIndex: 0, itemField: itemLine };
}

/** Item fields stored as text (a value that is not, as its JSON): any depth JSON.stringify can write (normalize-export.ts). */
const AS_TEXT = new Set(['output', 'expected']);

/** Item fields the import keeps inside the item's metadata (`metric_reasons`, `attempts`): one level deeper there. */
const IN_METADATA = new Set(['reasons', 'attempts']);

/** Whether a parsed value holds a number that is not finite, or an array or object deeper than any field may nest. */
function mayBeUnstorable(root: unknown): boolean {
  if (typeof root === 'number') return !Number.isFinite(root);
  if (root === null || typeof root !== 'object') return false;
  const stack: object[] = [root];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const value = stack.pop()!;
    const depth = depths.pop()!;
    if (depth > STORED_JSON_DEPTH) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (typeof child === 'number') {
        if (!Number.isFinite(child)) return true;
      } else if (child !== null && typeof child === 'object') {
        stack.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

interface Found {
  problem: 'out_of_range' | 'too_deep';
  path: string[];
  literal?: string;
  limit?: number;
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The first unstorable value of a valid JSON text, in text order, with its path; or null. */
function findUnstorable(text: string, jsonl: boolean, itemLine: boolean): Found | null {
  const walk = new JsonTextPaths(text);
  for (let i = walk.next(0); i !== -1; i = walk.next(i + 1)) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      // Within the limit whatever the field: only deeper containers need their field worked out.
      if (walk.depth > STORED_JSON_DEPTH) {
        const place = placeOf(walk.path(4), jsonl, itemLine);
        const field = walk.key(place.fieldIndex);
        const limit = STORED_JSON_DEPTH - (place.itemField && IN_METADATA.has(field) ? 1 : 0);
        // The field's own value is its level 1.
        if (walk.depth - (place.fieldIndex + 1) > limit && !(place.itemField && AS_TEXT.has(field))) {
          // The path of the container itself: the keys leading to it, not into it.
          return { problem: 'too_deep', path: walk.path(walk.depth - 1), limit };
        }
      }
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const literal = NUMBER.exec(text)![0];
      if (!Number.isFinite(Number(literal))) return { problem: 'out_of_range', path: walk.path(), literal };
      i += literal.length - 1;
    }
  }
  return null;
}

/** A number as written, shortened when long (a 1 followed by 400 zeros is out of range too). */
function shortLiteral(literal: string): string {
  return literal.length > 40 ? `${literal.slice(0, 16)}…${literal.slice(-8)} (${literal.length} characters)` : literal;
}
