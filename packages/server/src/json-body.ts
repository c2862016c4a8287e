import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findDuplicateKey, mayRepeatKeys } from '@llm-eval/evaluator';
import { MAX_JSON_DEPTH } from '@llm-eval/storage';
import { ApiError } from './errors';
import { bodyText, refuseContentEncoding } from './body-text';
import { formatPath } from './body-path';
import { noteSuspectNumbers } from './lossy-body-numbers';

/** The content type of every request body but an export upload's (whose route has its own parsers). */
export const JSON_CONTENT_TYPE = 'application/json';

/** A value that cannot be taken as data: its path (`body.items.0.scores.m`), the field it is in, and what is wrong. */
export interface Refusal {
  path: string;
  /** The field of the walked value (`body.config`) the value is in: what a value nested too deep is named by. */
  field: string;
  problem: 'out_of_range' | 'too_deep' | 'proto_key' | 'constructor_prototype' | 'duplicate_key';
}

/**
 * What a walk looks for. `maxDepth` is the deepest level an array or object may sit at, the walked value being level
 * 0 (so its fields are level 1, and a field's value nests `maxDepth` levels at most, itself counted).
 */
interface Checks {
  keys: boolean;
  numbers: boolean;
  maxDepth: number;
  /** Whether the keys of the object at this step are names (metric names), not refused whatever they are. */
  namesAt?: (step: Step) => boolean;
}

/** A batch item's scores (`body.items.N.scores`): its keys name metrics, and a metric may be named "__proto__". */
const isBatchScores = (step: Step): boolean =>
  step.key === 'scores' && step.parent?.parent?.key === 'items' && step.parent.parent.parent?.parent === null;

/** A body's checks: its fields are what gets stored (a run's config, environment, …), each nested at most MAX_JSON_DEPTH. */
const BODY_CHECKS: Checks = { keys: true, numbers: true, maxDepth: MAX_JSON_DEPTH };

/** What a 400 (or a rejected item) says of a value nested too deep: storage could not keep it. */
export const TOO_DEEP_MESSAGE = `nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep, more than can be stored; flatten it`;

/**
 * Parses JSON bodies, and refuses every other content type with a 415 naming the one to use (Fastify would take
 * text/plain as a string and answer a schema error about it). JSON.parse is native and safe; what it yields is then
 * walked once for what it lets through silently, and for what could not be stored:
 * - a number out of a double's range (`1e400`) becomes Infinity, which would be stored as null;
 * - a `__proto__` key (or `constructor.prototype`) becomes an own property that an assignment further on would turn
 *   into a prototype change. Such keys are refused, with the path, rather than dropped;
 * - a field nesting arrays or objects more than MAX_JSON_DEPTH levels: SQLite's JSON functions stop at 1,000 levels
 *   (the insert failed with "malformed JSON") and one deep enough overflows JSON.stringify's stack: both were 500s;
 * - a key given twice in one object (`{"name":"a","name":"b"}`), of which JSON.parse keeps the last: refused with
 *   its path, so a client never has one of its values silently dropped (the evaluator's duplicate-keys.ts).
 * A number JSON.parse reads as another number (`1e-400` as 0) is still a number, and is stored as read: a route that
 * stores one says so in its response's warnings (lossy-body-numbers.ts).
 */
export function parseJsonBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  // Bytes, not a string: Node would decode them as UTF-8 whatever the charset, putting U+FFFD in place of what is not.
  app.addContentTypeParser(JSON_CONTENT_TYPE, { parseAs: 'buffer' }, (request, bytes, done) => {
    try {
      const text = bodyText(request, bytes as Buffer);
      const body = text.trim() === '' && !bodyRequired(request) ? undefined : parseJsonBody(text);
      noteSuspectNumbers(request, text);
      done(null, body);
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser('*', (request, _payload, done) => {
    // Fastify's own test of a request without a body.
    const length = request.headers['content-length'];
    const empty = request.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
    if (!empty) {
      try {
        refuseContentEncoding(request);
      } catch (error) {
        return done(error as Error, undefined);
      }
    }
    done(empty && !bodyRequired(request) ? null : unsupportedMediaType(request, JSON_CONTENT_TYPE), undefined);
  });
}

/**
 * Whether the route needs a body. Fastify runs a content-type parser whenever a Content-Type is sent, even on an
 * empty body: a client that sends `Content-Type: application/json` on every request (a common default of HTTP
 * clients) would have its bodyless DELETE, cancel or finish refused as an empty or unsupported body. Without a body
 * schema, or with one that takes no body, an empty body is no body.
 */
function bodyRequired(request: FastifyRequest): boolean {
  const schema = request.routeOptions.schema?.body as { safeParse?: (value: unknown) => { success: boolean } } | undefined;
  if (schema === undefined) return false;
  return typeof schema.safeParse !== 'function' || !schema.safeParse(undefined).success;
}

/** The 415 of a body whose content type a route does not take. */
export function unsupportedMediaType(request: FastifyRequest, accepted: string): ApiError {
  const given = String(request.headers['content-type'] ?? '').slice(0, 100);
  const what = given === '' ? 'A body without a Content-Type' : `Content-Type ${JSON.stringify(given)}`;
  return new ApiError(415, 'unsupported_media_type', `${what} is not accepted here: send the body as JSON with Content-Type ${accepted}.`, {
    contentType: given || null,
    accepted: [accepted],
  });
}

/** A JSON body as data, or a 400 saying what is wrong with it. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') {
    throw new ApiError(400, 'invalid_request', `The body is empty: send a JSON value with Content-Type ${JSON_CONTENT_TYPE}.`, { field: 'body' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_request', `The body is not valid JSON (Content-Type ${JSON_CONTENT_TYPE}). Send one JSON value.`, { field: 'body' });
  }
  const keys = plainDataKeys(value, BODY_CHECKS);
  // A count of the parsed keys is enough to rule repeated keys out in one quick look at the text, almost always.
  const repeated = keys >= 0 && !mayRepeatKeys(text, keys) ? null : findDuplicateKey(text, 'body');
  if (repeated) {
    const path = formatPath(repeated);
    throw refusalError({ path, field: path, problem: 'duplicate_key' });
  }
  if (keys < 0) {
    const refusal = refusalOf(value);
    if (refusal) throw refusalError(refusal);
  }
  return value;
}

/**
 * What refuses the whole body. A number out of range or a value nested too deep inside one of a batch's `items` is
 * not: that item alone is rejected by the item checks (append-items.ts), so one bad item never costs the others.
 * Keys are refused anywhere but where they name a batch item's metrics (its scores).
 */
function refusalOf(value: unknown): Refusal | null {
  const items = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { items?: unknown }).items : undefined;
  if (!Array.isArray(items)) return findRefusal(value, 'body', BODY_CHECKS);
  return (
    findRefusal(value, 'body', { keys: true, numbers: false, maxDepth: Infinity, namesAt: isBatchScores }) ??
    findRefusal({ ...(value as object), items: [] }, 'body', { ...BODY_CHECKS, keys: false })
  );
}

/**
 * What cannot be stored of a value already parsed (an item of a batch), or null: the first number out of a double's
 * range (JSON.parse reads 1e400 as Infinity, which would be stored as null) — or, with `refuseKeys`, `__proto__` or
 * `constructor.prototype` key — else the first array or object nested too deep. `fieldsAreValues`: the value's fields
 * are what gets stored (an item's input, metadata), each nested at most MAX_JSON_DEPTH levels; otherwise the value as
 * a whole is. (An uploaded export's numbers and depths are checked by the evaluator's parseExportText, per stored field
 * wherever it sits in the file: counting the whole file as one value refused what storage keeps.)
 */
export function unstorableValue(value: unknown, root: string, fieldsAreValues: boolean, refuseKeys = false): Refusal | null {
  const checks: Checks = { keys: refuseKeys, numbers: true, maxDepth: fieldsAreValues ? MAX_JSON_DEPTH : MAX_JSON_DEPTH - 1 };
  return plainDataKeys(value, checks) >= 0 ? null : findRefusal(value, root, checks);
}

/**
 * The first `__proto__` or `constructor.prototype` key of a value already parsed (an uploaded export: a JSON body's keys
 * are checked when it is parsed, an upload's are not), or null. Iterative: any depth.
 */
export function refusedKey(value: unknown, root: string): Refusal | null {
  const checks: Checks = { keys: true, numbers: false, maxDepth: Infinity };
  return plainDataKeys(value, checks) >= 0 ? null : findRefusal(value, root, checks);
}

/** The 400 of a refused body. A value nested too deep is named by its field, as a schema issue of that field is. */
function refusalError(refusal: Refusal): ApiError {
  if (refusal.problem !== 'too_deep') return new ApiError(400, 'invalid_request', refusalMessage(refusal), { field: refusal.path });
  return new ApiError(400, 'invalid_request', refusalMessage(refusal), {
    field: refusal.field,
    issues: [{ field: refusal.field, message: TOO_DEEP_MESSAGE }],
  });
}

/**
 * How many keys the value's objects hold in all when no value needs refusing, else -1: one quick pass without paths
 * (paths are only worked out for a refused value). Only arrays and objects are stacked, each with its level; other
 * values are checked where they are met.
 */
function plainDataKeys(root: unknown, checks: Checks): number {
  if (root === null || typeof root !== 'object') return checks.numbers && typeof root === 'number' && !Number.isFinite(root) ? -1 : 0;
  const stack: object[] = [root];
  const depths: number[] = [0];
  let count = 0;
  while (stack.length > 0) {
    const v = stack.pop()!;
    const depth = depths.pop()!;
    if (depth > checks.maxDepth) return -1;
    const keys = Array.isArray(v) ? null : Object.keys(v);
    const length = keys === null ? (v as unknown[]).length : keys.length;
    if (keys !== null) count += length;
    for (let i = 0; i < length; i++) {
      const key = keys === null ? i : keys[i]!;
      const child = (v as Record<string | number, unknown>)[key];
      if (checks.keys && keys !== null && (key === '__proto__' || (key === 'constructor' && hasPrototypeKey(child)))) return -1;
      if (typeof child === 'object') {
        if (child !== null) {
          stack.push(child);
          depths.push(depth + 1);
        }
      } else if (checks.numbers && typeof child === 'number' && !Number.isFinite(child)) {
        return -1;
      }
    }
  }
  return count;
}

/** A value met on the way down, linked to its parent so that only the refused value's path is ever spelled out. */
interface Step {
  value: unknown;
  key: string;
  parent: Step | null;
  /** The walked value is level 0. */
  depth: number;
}

/**
 * The value to refuse, with its path: the first number out of range or refused key in document order, else the first
 * array or object nested too deep (so a value is refused for the same reason whatever the order of its fields).
 */
function findRefusal(root: unknown, rootName: string, checks: Checks): Refusal | null {
  const stack: Step[] = [{ value: root, key: rootName, parent: null, depth: 0 }];
  let tooDeep: Refusal | null = null;
  while (stack.length > 0) {
    const step = stack.pop()!;
    const v = step.value;
    if (checks.numbers && typeof v === 'number' && !Number.isFinite(v)) return refusalAt(step, 'out_of_range');
    if (v === null || typeof v !== 'object') continue;
    if (tooDeep === null && step.depth > checks.maxDepth) tooDeep = refusalAt(step, 'too_deep');
    const entries: Array<[string, unknown]> = Array.isArray(v) ? v.map((e, i) => [String(i), e]) : Object.entries(v);
    const depth = step.depth + 1;
    for (const [key, child] of checks.keys && !checks.namesAt?.(step) ? entries : []) {
      if (key === '__proto__') return refusalAt({ value: child, key, parent: step, depth }, 'proto_key');
      if (key === 'constructor' && !Array.isArray(v) && hasPrototypeKey(child)) {
        return refusalAt({ value: child, key, parent: step, depth }, 'constructor_prototype');
      }
    }
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: step, depth });
  }
  return tooDeep;
}

function refusalAt(step: Step, problem: Refusal['problem']): Refusal {
  let field = step;
  while (field.depth > 1) field = field.parent!;
  return { path: pathOf(step), field: pathOf(field), problem };
}

/** `body.items.0.scores.m`; a very deep path keeps its first and last steps, a very long key its start. */
function pathOf(step: Step): string {
  const keys: string[] = [];
  for (let s: Step | null = step; s; s = s.parent) keys.push(s.key);
  return formatPath(keys.reverse());
}

function hasPrototypeKey(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype');
}

/** What a 400 says of a refused value. */
export function refusalMessage({ path, field, problem }: Refusal): string {
  switch (problem) {
    case 'too_deep':
      return `Invalid ${field}: ${TOO_DEEP_MESSAGE}`;
    case 'out_of_range':
      return `Invalid ${path}: the number is out of range (beyond ±1.7976931348623157e308, the largest a 64-bit float holds). Send a smaller number, or the value as a string.`;
    case 'proto_key':
      return `Invalid ${path}: a key named "__proto__" is refused, as it could change an object's prototype. Rename the key.`;
    case 'constructor_prototype':
      return `Invalid ${path}: a "constructor" object with a "prototype" key is refused, as it could change an object's prototype. Rename the key.`;
    case 'duplicate_key':
      return `Invalid ${path}: the key is given more than once in the same object (JSON.parse would keep only the last value). Give each key once.`;
  }
}
