import { randomBytes } from 'node:crypto';
import { COMPUTED_STATS } from './imported-statistics';
import { isRecord } from './is-record';

/**
 * The Python tool writes its scores, statistics, rates and times as floats: `1.0`, `0.0`. JavaScript has one number
 * type and JSON.stringify prints 1, which Python's json.load reads back as an int, so a Python export imported and
 * exported again changed type. An export writes those positions (and only those: never a value of the user's config
 * or metadata) as floats: a whole number below 1e16 gets `.0` (`-0.0` for negative zero), as Python's repr prints it.
 *
 * JSON.stringify cannot print `1.0`, so the value is first replaced by a marker string that no text can forge (it
 * holds a random nonce of this process), and the marker's JSON text is replaced after stringifying.
 */
const NONCE = randomBytes(12).toString('hex');
const PREFIX = `\u0000float${NONCE}:`;
// How JSON.stringify prints the marker: the NUL escaped, the digits as given.
const MARKED = new RegExp(`"\\\\u0000float${NONCE}:(-?\\d+)"`, 'g');

/** A number that Python would print as a float with `.0`, marked; anything else as it is. */
function asFloat(value: unknown): unknown {
  if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) >= 1e16) return value;
  return `${PREFIX}${Object.is(value, -0) ? '-0' : String(value)}`;
}

/** Each value of a record through `fn`, own keys kept (a key "__proto__" too), in their order. */
function mapValues(record: unknown, fn: (value: unknown) => unknown): unknown {
  if (!isRecord(record)) return record;
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

/** An object with the listed fields (where present) through `fn`, each in its place. */
function withFields<T>(value: T, fields: Record<string, (field: unknown) => unknown>): T {
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(value));
  for (const [field, fn] of Object.entries(fields)) if (Object.hasOwn(out, field)) out[field] = fn(out[field]);
  return out as T;
}

const COMPUTED_STAT_FLOATS = Object.fromEntries(COMPUTED_STATS.map((key) => [key, asFloat]));

const ITEM_FLOATS = { scores: (scores: unknown) => mapValues(scores, asFloat), time: asFloat, cost: asFloat };

/** An item's entry (in `results`, `llm_eval.failures` or a JSONL item line) with its scores, time and cost marked. @internal */
export function itemFloatsMarked<T>(item: T): T {
  return withFields(item, ITEM_FLOATS);
}

/** The export's fields before its items with its rates, duration and metric statistics marked. @internal */
export function headFloatsMarked<T>(head: T): T {
  return withFields(head, {
    duration: asFloat,
    success_rate: asFloat,
    // Only the statistics llm-eval computes: a file's own keys ("count": 2) come back as the file had them.
    metric_stats: (stats: unknown) => mapValues(stats, (metric) => withFields(metric, COMPUTED_STAT_FLOATS)),
  });
}

/** A whole export document with every float position marked. @internal */
export function documentFloatsMarked<T>(doc: T): T {
  const head = headFloatsMarked(doc);
  return withFields(head, {
    results: (results: unknown) => mapValues(results, itemFloatsMarked),
    llm_eval: (block: unknown) => withFields(block, { failures: (failures: unknown) => mapValues(failures, itemFloatsMarked) }),
  });
}

/** JSON text with the marked numbers written as floats. @internal */
export function writeFloats(text: string): string {
  return text.includes(NONCE) ? text.replace(MARKED, '$1.0') : text;
}
