import { jsonStringEnd } from './json-string-end';
import { quoteValue } from './safe-excerpt';

/**
 * Keys given twice in one JSON object. JSON.parse keeps the last of them without a word (`{"name":"a","name":"b"}` is
 * a run named "b"), and what it yields no longer shows that a key was repeated: only the text does.
 */

/** A key followed by a colon, with whitespace between them (JSON.stringify never writes that; hand-written JSON may). */
const SPACED_KEY = /"[ \t\n\r]+:/;

/**
 * Whether the text of a valid JSON document may repeat a key, given how many keys its parsed objects hold in all
 * (JSON.parse keeps one of each repeated key, so a repeat shows as one key fewer). Every key of the text is a string
 * followed by a colon, and a colon right after a quote is found elsewhere only inside a string as `\":`: so when the
 * text has no key spaced from its colon, its `":` pairs are at least as many as its keys, and exactly as many as
 * the parsed keys means no key was repeated. A quick native search of the text; false almost always.
 * @internal
 */
export function mayRepeatKeys(text: string, parsedKeys: number): boolean {
  let pairs = 0;
  for (let at = text.indexOf('":'); at !== -1; at = text.indexOf('":', at + 2)) pairs++;
  return pairs !== parsedKeys || SPACED_KEY.test(text);
}

/** An object or array open in the walk of the text: an object's keys so far, or an array's index. */
interface Frame {
  keys: Set<string> | null;
  /** The key or index this value is at in its parent (the root's name for the root). */
  name: string;
  /** The key last read (objects) or the index of the current element (arrays). */
  current: string;
  index: number;
  expectingKey: boolean;
}

/**
 * The path (`body.items.3.scores.m`, as a list of keys from `root` on) of the first key that an object of a valid
 * JSON text gives twice, or null. Keys are compared decoded (`"a"` and `"\u0061"` are the same key). The text must be
 * one JSON.parse has accepted: only strings and brackets are looked at.
 * @internal
 */
export function findDuplicateKey(text: string, root: string): string[] | null {
  const stack: Frame[] = [];
  let name = root;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = jsonStringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectingKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        top.expectingKey = false;
        top.current = key;
        if (top.keys.has(key)) return [...stack.map((f) => f.name), key];
        top.keys.add(key);
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const object = c === 0x7b;
      stack.push({ keys: object ? new Set() : null, name, current: '0', index: 0, expectingKey: object });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1]!;
      if (top.keys) top.expectingKey = true;
      else top.current = String(++top.index);
    } else {
      continue;
    }
    // The name a value opened next would have in its parent.
    const top = stack[stack.length - 1];
    name = top === undefined ? root : top.current;
  }
  return null;
}

/** How many keys the objects of a parsed JSON value hold in all (iterative: datasets nest 20,000 deep). @internal */
export function countKeys(value: unknown): number {
  let keys = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === null || typeof next !== 'object') continue;
    if (Array.isArray(next)) {
      for (const element of next) if (element !== null && typeof element === 'object') pending.push(element);
      continue;
    }
    for (const key in next) {
      keys++;
      const element = (next as Record<string, unknown>)[key];
      if (element !== null && typeof element === 'object') pending.push(element);
    }
  }
  return keys;
}

/**
 * The first key a parsed JSON text gives twice in one object, as a dotted path from its root ("3.expected"), or null.
 * The quick count rules it out almost always; only a text that may repeat a key is walked.
 * @internal
 */
export function repeatedKeyOf(text: string, parsed: unknown): string | null {
  if (!mayRepeatKeys(text, countKeys(parsed))) return null;
  const repeated = findDuplicateKey(text, '');
  return repeated ? repeated.slice(1).join('.') : null;
}

/** Why a file with a key given twice (at `path`, e.g. `results.q1.scores`) is refused. @internal */
export function repeatedKeyMessage(path: string): string {
  return `the key ${quoteValue(path)} is given more than once in the same object (JSON.parse would keep only the last value); give each key once`;
}
