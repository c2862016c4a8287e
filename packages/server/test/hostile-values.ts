import { resolveSchema, type DocumentedOperation, type JsonSchema, type OpenApiDocument, type OpenApiParameter } from './openapi-document';

/**
 * Strings an attacker or a broken client sends. None contains "SELECT" or "syntax error", so a response that does
 * has leaked SQL rather than echoed the input.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  "' OR 1=1 --",
  '"; DROP TABLE evaluation_runs; --',
  "x'); DROP TABLE evaluation_items; --",
  '1 OR 1=1',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  'x'.repeat(10_000),
  '🧪🔥👩‍💻',
  '\u202e\u200b\ufeff',
  '',
  ' ',
  '%',
  '_',
  '*',
  '\\',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  'null',
  '[]',
  'latest~99999999999999999999',
  'latest~-1',
  '-1',
  '0',
  '1e308',
  '99999999999999999999',
  'NaN',
  'Infinity',
  '1.5',
];

/** Path segments sent exactly as written: broken or dangerous percent-encoding. */
export const RAW_PATH_SEGMENTS: readonly string[] = ['%ED%A0%80', '%zz', '%', '%00', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%FF%FE'];

/** Query values sent exactly as written. */
export const RAW_QUERY_VALUES: readonly string[] = ['%ED%A0%80', '%zz', '%', '%00', '%FF%FE', '%E2%80%AE'];

/** A JSON array nested `depth` deep. */
export const deeplyNested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** JSON values put in place of one body field (a cross-section: every field gets each, so the list stays short). */
export const HOSTILE_JSON_VALUES: readonly unknown[] = [
  "' OR 1=1 --",
  '"; DROP TABLE evaluation_runs; --',
  'a\u0000b',
  'x\udfffy',
  'x'.repeat(10_000),
  '🧪🔥👩‍💻',
  '',
  '%',
  -1,
  1.5,
  1e308,
  2 ** 53 + 2,
  null,
  true,
  [],
  ['x', null],
  {},
  { $gt: '' },
];

/** Content types an upload might be sent as: every operation taking a body gets broken files in each. */
export const UPLOAD_CONTENT_TYPES: readonly string[] = ['application/json', 'application/x-ndjson', 'text/csv', 'application/octet-stream'];

/** Percent-encodes every byte of the UTF-8 form (a lone surrogate becomes U+FFFD, as a browser would send it). */
export function encodeSegment(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** A request to send: the path's parameters either a raw (already encoded) segment or the baseline value. */
export interface HostileCase {
  /** What is hostile about it, for the failure list. */
  label: string;
  /** Encoded values for path parameters; missing ones take the baseline. */
  path: Record<string, string>;
  /** Encoded query pairs, replacing the baseline of the same name. */
  query: Array<[string, string]>;
  /** Query parameters (by name) to leave out of the baseline. */
  omitQuery?: string[];
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** The value a parameter gets when it is not the one under attack. */
export interface Baseline {
  /** A value for a path parameter (a seeded run for run references). */
  path(param: OpenApiParameter): string;
  /** A value for a query parameter, or undefined to leave it out. */
  query(param: OpenApiParameter): string | undefined;
}

/** Whether a parameter names a run (by its name or its documented meaning). */
export function namesRun(param: OpenApiParameter, schema?: JsonSchema): boolean {
  const text = `${param.description ?? ''} ${schema?.description ?? ''}`;
  return ['run', 'a', 'b', 'baseline', 'candidate', 'runId'].includes(param.name) || /latest~N|run id/i.test(text);
}

/** A value that satisfies `schema`, as far as a test can tell from the schema alone. */
export function sampleValue(doc: OpenApiDocument, schema: JsonSchema | undefined, depth = 0): unknown {
  const s = resolveSchema(doc, schema);
  if (!s || depth > 6) return 'x';
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  const options = s.anyOf ?? s.oneOf;
  if (options?.length) {
    const nonNull = options.find((o) => resolveSchema(doc, o)?.type !== 'null') ?? options[0];
    return sampleValue(doc, nonNull, depth + 1);
  }
  if (s.allOf?.length) return sampleValue(doc, s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? s.type[0]) : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'date-time') return new Date('2026-01-02T03:04:05Z').toISOString();
      if (s.format === 'date') return '2026-01-02';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return Math.min(Math.max(s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1), 1), s.maximum ?? Infinity);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sampleValue(doc, s.items, depth + 1));
    case 'object':
    default: {
      if (!s.properties) return {};
      const out: Record<string, unknown> = {};
      for (const name of s.required ?? []) out[name] = sampleValue(doc, s.properties[name], depth + 1);
      return out;
    }
  }
}

/** A baseline value of a query parameter as a string. */
export function sampleQueryValue(doc: OpenApiDocument, param: OpenApiParameter): string {
  const v = sampleValue(doc, param.schema);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Paths of the body fields to attack: every property, and the properties of an array's first element, two deep. */
export function fieldPaths(doc: OpenApiDocument, schema: JsonSchema | undefined, prefix: Array<string | number> = [], depth = 0): Array<Array<string | number>> {
  const s = resolveSchema(doc, schema);
  if (!s || depth > 2) return [];
  const out: Array<Array<string | number>> = [];
  const options = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].map((o) => resolveSchema(doc, o));
  const object = [s, ...options].find((o) => o?.properties);
  if (object?.properties) {
    for (const [name, prop] of Object.entries(object.properties)) {
      out.push([...prefix, name]);
      out.push(...fieldPaths(doc, prop, [...prefix, name], depth + 1));
    }
  }
  const array = [s, ...options].find((o) => o?.items);
  if (array?.items) out.push(...fieldPaths(doc, array.items, [...prefix, 0], depth + 1));
  return out;
}

function setPath(target: unknown, path: Array<string | number>, value: unknown, remove = false): unknown {
  const copy = structuredClone(target);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = typeof key === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

/** The JSON text of a value (JSON.stringify escapes lone surrogates as \udXXX, so they arrive as written). */
const json = (value: unknown) => JSON.stringify(value);

/** Every hostile request for one operation. */
export function hostileCases(doc: OpenApiDocument, { method, operation }: DocumentedOperation): HostileCase[] {
  const cases: HostileCase[] = [];
  const params = operation.parameters ?? [];

  for (const p of params.filter((x) => x.in === 'path')) {
    for (const value of HOSTILE_STRINGS) cases.push({ label: `path ${p.name}=${preview(value)}`, path: { [p.name]: encodeSegment(value) }, query: [] });
    for (const raw of RAW_PATH_SEGMENTS) cases.push({ label: `path ${p.name}=${raw} (raw)`, path: { [p.name]: raw }, query: [] });
  }

  for (const p of params.filter((x) => x.in === 'query')) {
    const q = (value: string): Array<[string, string]> => [[encodeSegment(p.name), value]];
    for (const value of HOSTILE_STRINGS) cases.push({ label: `query ${p.name}=${preview(value)}`, path: {}, query: q(encodeSegment(value)) });
    for (const raw of RAW_QUERY_VALUES) cases.push({ label: `query ${p.name}=${raw} (raw)`, path: {}, query: q(raw) });
    cases.push({ label: `query ${p.name} repeated (array for a scalar)`, path: {}, query: [...q('a'), ...q('b'), ...q('c')] });
    cases.push({ label: `query ${p.name}[]=x`, path: {}, query: [[`${encodeSegment(p.name)}%5B%5D`, 'x']], omitQuery: [p.name] });
    cases.push({ label: `query ${p.name}[a][b]=x`, path: {}, query: [[`${encodeSegment(p.name)}%5Ba%5D%5Bb%5D`, 'x']], omitQuery: [p.name] });
    cases.push({ label: `query ${p.name} without a value`, path: {}, query: [[encodeSegment(p.name), '']] });
    if (p.required) cases.push({ label: `query ${p.name} missing`, path: {}, query: [], omitQuery: [p.name] });
  }
  cases.push({ label: 'query __proto__ and constructor', path: {}, query: [['__proto__', 'x'], ['constructor', 'y'], ['__proto__%5Bpolluted%5D', '1']] });
  cases.push({ label: 'query with a malformed name', path: {}, query: [['%zz', '1'], ['%ED%A0%80', '2']] });

  const body = operation.requestBody;
  if (body || ['POST', 'PUT', 'PATCH'].includes(method)) {
    const contentTypes = [...new Set([...Object.keys(body?.content ?? {}), ...UPLOAD_CONTENT_TYPES])];
    const jsonSchema = body?.content?.['application/json']?.schema;
    const baseline = jsonSchema ? sampleValue(doc, jsonSchema) : {};
    const jsonHeaders = { 'content-type': 'application/json' };
    if (jsonSchema) {
      for (const path of fieldPaths(doc, jsonSchema)) {
        const where = path.join('.');
        for (const value of HOSTILE_JSON_VALUES) {
          cases.push({ label: `body ${where}=${preview(json(value))}`, path: {}, query: [], headers: jsonHeaders, body: json(setPath(baseline, path, value)) });
        }
        cases.push({ label: `body ${where} removed`, path: {}, query: [], headers: jsonHeaders, body: json(setPath(baseline, path, undefined, true)) });
        const nested = json(setPath(baseline, path, '__NESTED__')).replace('"__NESTED__"', deeplyNested(5_000));
        cases.push({ label: `body ${where}= an array nested 5,000 deep`, path: {}, query: [], headers: jsonHeaders, body: nested });
      }
      cases.push({ label: 'body: the baseline', path: {}, query: [], headers: jsonHeaders, body: json(baseline) });
    }
    const raw = (label: string, text: string | Uint8Array, headers: Record<string, string> = jsonHeaders): HostileCase => ({ label, path: {}, query: [], headers, body: text });
    const baselineText = json(baseline);
    cases.push(
      raw('malformed JSON: cut off', '{"name":'),
      raw("malformed JSON: single quotes", "{'name': 'x'}"),
      raw('malformed JSON: NaN', 'NaN'),
      raw('malformed JSON: trailing garbage', `${baselineText}garbage`),
      raw('malformed JSON: a bare NUL', '\u0000'),
      raw('JSON body: empty', ''),
      raw('JSON body: whitespace only', '   \n '),
      raw('JSON body: null', 'null'),
      raw('JSON body: an array', '[]'),
      raw('JSON body: a string', '"x"'),
      raw('JSON body: a number', '42'),
      raw('JSON body: an array nested 100,000 deep', deeplyNested(100_000)),
      raw('JSON body: __proto__ pollution', '{"__proto__":{"polluted":true}}'),
      raw('JSON body: constructor.prototype pollution', '{"constructor":{"prototype":{"polluted":true}}}'),
      raw('JSON body: invalid UTF-8 bytes', Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('"}')])),
      raw('JSON body: declared UTF-16', baselineText, { 'content-type': 'application/json; charset=utf-16' }),
      raw('wrong content type: text/plain', baselineText, { 'content-type': 'text/plain' }),
      raw('wrong content type: application/xml', '<run><name>x</name></run>', { 'content-type': 'application/xml' }),
      raw('wrong content type: form-urlencoded', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      raw('wrong content type: multipart with a bad boundary', '--zz\r\ngarbage', { 'content-type': 'multipart/form-data; boundary=yy' }),
      raw('wrong content type: garbage', baselineText, { 'content-type': '$$$/???' }),
      raw('no content type', new Uint8Array(Buffer.from(baselineText)), {}),
    );
    for (const type of contentTypes) {
      const headers = { 'content-type': type };
      cases.push(
        raw(`${type} body: empty`, '', headers),
        raw(`${type} body: not the format`, 'not an export file at all', headers),
        raw(`${type} body: NUL bytes`, '\u0000\u0000\u0000', headers),
        raw(`${type} body: invalid UTF-8`, Buffer.from([0xff, 0xfe, 0x00, 0xed, 0xa0, 0x80]), headers),
        raw(`${type} body: JSON of the wrong shape`, '{"runs": 1, "items": "x"}', headers),
        raw(`${type} body: hostile strings`, json({ name: HOSTILE_STRINGS, items: [{ itemId: "' OR 1=1 --" }] }), headers),
      );
    }
  }
  return cases;
}

/** The 20 MB body every operation taking a body receives (larger than the default 16 MiB JSON limit). */
export function hugeBody(): string {
  return `{"name":"${'a'.repeat(20 * 1024 * 1024)}"}`;
}

/** A short form of a value for failure messages. */
export function preview(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 20)}…(${value.length} chars)` : value;
  return JSON.stringify(shown);
}
