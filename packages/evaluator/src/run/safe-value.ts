import { MAX_JSON_DEPTH } from '@llm-eval/storage/limits';

/** Deepest nesting a recorded value keeps: storage's own limit; deeper parts become a marker. @internal */
export const MAX_RECORDED_DEPTH = MAX_JSON_DEPTH;

/** Default of `config.maxValueChars`: about how many characters of JSON one recorded value may take. @internal */
export const DEFAULT_MAX_VALUE_CHARS = 10_000_000;

const CIRCULAR = '[Circular]';
const TOO_DEEP = `[Truncated: nested deeper than ${MAX_RECORDED_DEPTH} levels]`;
const REF_TYPES: Record<string, string> = { Promise: '[Promise]', WeakMap: '[WeakMap]', WeakSet: '[WeakSet]', WeakRef: '[WeakRef]' };

/**
 * What a thrown value says, without ever throwing itself. A value that cannot even be inspected (a Proxy whose traps
 * throw, a getter that throws) is `[unreadable thrown value: <what reading it threw>]`. @internal
 */
export function describeThrown(error: unknown): string {
  let isError: boolean;
  try {
    isError = error instanceof Error;
  } catch (inner) {
    return unreadable(inner);
  }
  try {
    if (isError) return `${String((error as Error).name)}: ${String((error as Error).message)}`;
    return String(error);
  } catch (inner) {
    // A getter that threw (a name or message that cannot be read); an object without any text form says nothing more.
    return inner instanceof TypeError && !(isError || typeof error === 'function') ? 'a value that cannot be printed' : unreadable(inner);
  }
}

/** The marker for a thrown value that could not be read, naming what reading it threw (one level deep only). */
function unreadable(inner: unknown): string {
  let why: string;
  try {
    why = inner instanceof Error ? String(inner.message) : String(inner);
  } catch {
    why = 'that threw too';
  }
  return `[unreadable thrown value: ${why}]`;
}

/**
 * Told by toSafeValue that it cut the value it was given: `cut` is set to true, never back to false; `tooDeep` too
 * when (some of) the cut was past the nesting limit rather than past the length limit, `tooLong` when past the latter.
 * @internal
 */
export interface CutFlag {
  cut: boolean;
  tooDeep?: boolean;
  tooLong?: boolean;
}

/** Cuts text longer than `max` characters, saying how much was cut (never splitting a surrogate pair). @internal */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = Math.max(0, max);
  const code = text.charCodeAt(kept - 1);
  if (code >= 0xd800 && code <= 0xdbff) kept--;
  return `${text.slice(0, kept)}…[truncated ${text.length - kept} characters]`;
}

/**
 * Turns any value into plain JSON data (null, booleans, finite numbers, strings, arrays, plain objects) that every
 * consumer can handle: JSON.stringify, structured clone to the storage worker, both databases. Never throws.
 *
 * - as JSON does: `toJSON()` is used (Date → ISO string), undefined object properties are dropped, undefined array
 *   entries become null, symbol keys and non-enumerable properties are ignored;
 * - where JSON loses or throws, a faithful form: BigInt → its decimal string; NaN, Infinity, -Infinity, -0 → those
 *   words as strings; Map → `[key, value]` pairs; Set and typed arrays → arrays; ArrayBuffer → its bytes;
 *   Error → `{ name, message, …own properties, cause }`; RegExp → `"/a/g"`; Symbol → `"Symbol(desc)"`;
 * - and markers where no faithful form exists: `"[Circular]"`, `"[Function: name]"`, `"[toJSON threw: …]"`,
 *   `"[Unreadable: …]"` (a getter or proxy threw), `"[Truncated: …]"` past {@link MAX_RECORDED_DEPTH} levels or
 *   past about `maxChars` characters (a long string keeps its start and says how much was cut).
 *
 * Values that are already plain JSON come back as they are (no copy). Nesting is capped, so the walk never overflows
 * the stack; `depth` says how many levels down the value is stored (task metadata sits under `task` in an item's
 * metadata), so what is stored nests no deeper than the limit either. Top-level undefined stays undefined.
 * `flag.cut` is set when anything was cut (past `maxChars` or the nesting limit), so callers learn it without a
 * second pass over the value.
 * @internal
 */
export function toSafeValue(value: unknown, maxChars = DEFAULT_MAX_VALUE_CHARS, depth = 0, flag?: CutFlag): unknown {
  // The common cases, without setting up a walk.
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  if (typeof value === 'string' && value.length <= maxChars) return value;
  if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return value;
  try {
    return new SafeValueWalker(maxChars, flag).convert(value, depth, '', true);
  } catch (error) {
    return `[Unreadable: ${describeThrown(error)}]`;
  }
}

class SafeValueWalker {
  private budget: number;
  private readonly ancestors = new Set<object>();

  constructor(
    private readonly maxChars: number,
    private readonly flag: CutFlag | undefined,
  ) {
    this.budget = maxChars;
  }

  private get overBudget(): string {
    return this.cut(`[Truncated: over the ${this.maxChars}-character limit]`);
  }

  /** A marker (or cut text) in place of what was there: the caller's flag learns that the value was cut, and why. */
  private cut<T>(replacement: T, tooDeep = false): T {
    if (this.flag) {
      this.flag.cut = true;
      if (tooDeep) this.flag.tooDeep = true;
      else this.flag.tooLong = true;
    }
    return replacement;
  }

  convert(value: unknown, depth: number, key: string, callToJSON: boolean): unknown {
    switch (typeof value) {
      case 'undefined':
        return undefined;
      case 'boolean':
        this.budget -= 5;
        return value;
      case 'number':
        this.budget -= 8;
        if (Number.isFinite(value)) return Object.is(value, -0) ? '-0' : value;
        return String(value);
      case 'string':
        return this.text(value);
      case 'bigint':
        return this.text(value.toString());
      case 'symbol':
        return this.text(value.toString());
      case 'function':
        return this.text(`[Function: ${(value as { name?: unknown }).name || '(anonymous)'}]`);
    }
    if (value === null) {
      this.budget -= 4;
      return null;
    }
    if (this.budget <= 0) return this.overBudget;
    if (depth >= MAX_RECORDED_DEPTH) return this.cut(TOO_DEEP, true);
    const object = value as object;
    if (this.ancestors.has(object)) return CIRCULAR;
    try {
      if (callToJSON && typeof (object as { toJSON?: unknown }).toJSON === 'function') {
        let json: unknown;
        try {
          json = (object as { toJSON(key: string): unknown }).toJSON(key);
        } catch (error) {
          return this.text(`[toJSON threw: ${describeThrown(error)}]`);
        }
        return this.within(object, () => this.convert(json, depth + 1, key, false));
      }
      return this.within(object, () => this.object(object, depth));
    } catch (error) {
      return this.text(`[Unreadable: ${describeThrown(error)}]`);
    }
  }

  private text(value: string): string {
    const max = this.budget - 2;
    this.budget -= value.length + 2;
    return value.length > max ? this.cut(truncateText(value, Math.max(0, max))) : value;
  }

  private within<T>(object: object, walk: () => T): T {
    this.ancestors.add(object);
    try {
      return walk();
    } finally {
      this.ancestors.delete(object);
    }
  }

  private object(object: object, depth: number): unknown {
    if (Array.isArray(object)) return this.list(object, depth, Object.getPrototypeOf(object) === Array.prototype);
    if (ArrayBuffer.isView(object)) {
      const view = object instanceof DataView ? new Uint8Array(object.buffer, object.byteOffset, object.byteLength) : object;
      return this.list(view as unknown as ArrayLike<unknown>, depth, false);
    }
    if (object instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && object instanceof SharedArrayBuffer)) {
      return this.list(new Uint8Array(object), depth, false);
    }
    if (object instanceof Map) return this.list(this.take(object.entries()), depth, false);
    if (object instanceof Set) return this.list(this.take(object.values()), depth, false);
    if (object instanceof Error) {
      const fields: Record<string, unknown> = { name: object.name, message: object.message };
      Object.assign(fields, object);
      if ('cause' in object) fields.cause = object.cause;
      return this.record(fields, depth, false);
    }
    if (object instanceof RegExp) return this.text(String(object));
    if (object instanceof Number || object instanceof String || object instanceof Boolean || object instanceof BigInt) {
      return this.convert(object.valueOf(), depth, '', false);
    }
    const tag = Object.prototype.toString.call(object).slice(8, -1);
    if (REF_TYPES[tag]) return this.text(REF_TYPES[tag]);
    const proto = Object.getPrototypeOf(object);
    return this.record(object as Record<string, unknown>, depth, proto === Object.prototype || proto === null);
  }

  /** The first entries of a collection: no more than the budget can hold (every entry costs at least a character). */
  private take(entries: Iterator<unknown>): unknown[] {
    const taken: unknown[] = [];
    for (let next = entries.next(); !next.done && taken.length <= this.budget; next = entries.next()) taken.push(next.value);
    return taken;
  }

  /** An array's (or array-like's) entries; `reuse` returns the original when nothing in it changed. */
  private list(items: ArrayLike<unknown>, depth: number, reuse: boolean): unknown[] {
    const entries: unknown[] = [];
    let changed = !reuse;
    for (let i = 0; i < items.length; i++) {
      if (this.budget <= 0) {
        entries.push(this.overBudget);
        changed = true;
        break;
      }
      this.budget -= 1;
      const original = items[i];
      const converted = this.convert(original, depth + 1, String(i), true);
      const entry = converted === undefined ? null : converted;
      if (entry !== original) changed = true;
      entries.push(entry);
    }
    return changed ? entries : (items as unknown[]);
  }

  /** An object's own enumerable string-keyed properties; `reuse` returns the original when nothing changed. */
  private record(object: Record<string, unknown>, depth: number, reuse: boolean): Record<string, unknown> {
    const copy: Record<string, unknown> = {};
    let changed = !reuse;
    for (const key of Object.keys(object)) {
      if (this.budget <= 0) {
        copy[key] = this.overBudget;
        changed = true;
        break;
      }
      this.budget -= key.length + 4;
      let original: unknown;
      let converted: unknown;
      try {
        original = object[key];
        converted = this.convert(original, depth + 1, key, true);
      } catch (error) {
        converted = this.text(`[Unreadable: ${describeThrown(error)}]`);
      }
      if (converted === undefined) changed = true;
      else {
        if (converted !== original) changed = true;
        // A JSON-parsed "__proto__" key is an own property; plain assignment would set the prototype instead.
        if (key === '__proto__') Object.defineProperty(copy, key, { value: converted, enumerable: true, writable: true, configurable: true });
        else copy[key] = converted;
      }
    }
    return changed ? copy : object;
  }
}
