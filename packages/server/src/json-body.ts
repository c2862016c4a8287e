import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors';

/** The content type of every request body but an export upload's (whose route has its own parsers). */
export const JSON_CONTENT_TYPE = 'application/json';

/** A value of the body that cannot be taken as data: its path (`body.items.0.scores.m`) and what is wrong. */
interface Refusal {
  path: string;
  problem: 'out_of_range' | 'proto_key' | 'constructor_prototype';
}

/**
 * Parses JSON bodies, and refuses every other content type with a 415 naming the one to use (Fastify would take
 * text/plain as a string and answer a schema error about it). JSON.parse is native and safe; what it yields is then
 * checked once for two things it lets through silently:
 * - a number out of a double's range (`1e400`) becomes Infinity, which would be stored as null;
 * - a `__proto__` key (or `constructor.prototype`) becomes an own property that an assignment further on would turn
 *   into a prototype change. Such keys are refused, with the path, rather than dropped.
 */
export function parseJsonBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_CONTENT_TYPE, { parseAs: 'string' }, (request, text, done) => {
    try {
      done(null, (text as string).trim() === '' && !bodyRequired(request) ? undefined : parseJsonBody(text as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser('*', (request, _payload, done) => {
    // Fastify's own test of a request without a body.
    const length = request.headers['content-length'];
    const empty = request.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
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
  if (!isPlainData(value)) {
    const refusal = refusalOf(value);
    if (refusal) throw new ApiError(400, 'invalid_request', refusalMessage(refusal), { field: refusal.path });
  }
  return value;
}

/**
 * What refuses the whole body. A number out of range inside one of a batch's `items` is not: that item alone is
 * rejected by the item checks (append-items.ts), so one bad item never costs the others. Keys are refused anywhere.
 */
function refusalOf(value: unknown): Refusal | null {
  const items = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { items?: unknown }).items : undefined;
  if (!Array.isArray(items)) return findRefusal(value, 'body');
  return findRefusal(value, 'body', true, false) ?? findRefusal({ ...(value as object), items: [] }, 'body', false);
}

/**
 * The path (from `root`) of the first number out of a double's range in parsed JSON, e.g. an uploaded export's
 * `results.q1.scores.m`, or null when there is none.
 */
export function outOfRangeNumberPath(value: unknown, root: string): string | null {
  if (isPlainData(value, false)) return null;
  return findRefusal(value, root, false)?.path ?? null;
}

/** What a 400 says of a number out of range at `path`. */
export function outOfRangeMessage(path: string): string {
  return refusalMessage({ path, problem: 'out_of_range' });
}

/** Whether no value needs refusing: one quick pass without paths (paths are only worked out for a refused body). */
function isPlainData(root: unknown, checkKeys = true): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return false;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push(v[i]);
    } else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        if (checkKeys && (key === '__proto__' || (key === 'constructor' && hasPrototypeKey((v as Record<string, unknown>)[key])))) return false;
        stack.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return true;
}

/** A value met on the way down, linked to its parent so that only the refused value's path is ever spelled out. @internal */
export interface Step {
  value: unknown;
  key: string;
  parent: Step | null;
}

/** The first value to refuse, with its path, in document order. */
function findRefusal(root: unknown, rootName: string, checkKeys = true, checkNumbers = true): Refusal | null {
  const stack: Step[] = [{ value: root, key: rootName, parent: null }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const v = step.value;
    if (checkNumbers && typeof v === 'number' && !Number.isFinite(v)) return { path: pathOf(step), problem: 'out_of_range' };
    if (v === null || typeof v !== 'object') continue;
    const entries: Array<[string, unknown]> = Array.isArray(v) ? v.map((e, i) => [String(i), e]) : Object.entries(v);
    for (const [key, child] of checkKeys ? entries : []) {
      if (key === '__proto__') return { path: pathOf({ value: child, key, parent: step }), problem: 'proto_key' };
      if (key === 'constructor' && !Array.isArray(v) && hasPrototypeKey(child)) {
        return { path: pathOf({ value: child, key, parent: step }), problem: 'constructor_prototype' };
      }
    }
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: step });
  }
  return null;
}

/** `body.items.0.scores.m`; a very deep path keeps its first and last steps, a very long key its start. @internal */
export function pathOf(step: Step): string {
  const keys: string[] = [];
  for (let s: Step | null = step; s; s = s.parent) keys.push(s.key.length > 64 ? `${s.key.slice(0, 64)}…` : s.key);
  keys.reverse();
  return keys.length > 12 ? [...keys.slice(0, 6), `…(${keys.length - 11} more)…`, ...keys.slice(-5)].join('.') : keys.join('.');
}

function hasPrototypeKey(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype');
}

function refusalMessage({ path, problem }: Refusal): string {
  switch (problem) {
    case 'out_of_range':
      return `Invalid ${path}: the number is out of range (beyond ±1.7976931348623157e308, the largest a 64-bit float holds). Send a smaller number, or the value as a string.`;
    case 'proto_key':
      return `Invalid ${path}: a key named "__proto__" is refused, as it could change an object's prototype. Rename the key.`;
    case 'constructor_prototype':
      return `Invalid ${path}: a "constructor" object with a "prototype" key is refused, as it could change an object's prototype. Rename the key.`;
  }
}
