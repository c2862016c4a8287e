import { z } from 'zod';

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** What a codec's decode and encode are handed besides the value: the issues of the parse they are part of. */
type Issues = { issues: unknown[] };

/**
 * An object keyed by metric names (an item's scores), each value checked by `value`. z.record drops a "__proto__"
 * key, and a metric may be named so: this keeps every key as an own property (the result is built with
 * Object.fromEntries), in a request (decode) and in a response (encode: the response serializer encodes), checking
 * each score once. Its errors and its JSON Schema are those of z.record(z.string(), value); describe it with
 * `description` or `.describe()`.
 */
export function metricRecord<T extends z.ZodType>(value: T, description?: string) {
  const documented = z.record(z.string(), value);
  /** The record with each score as `value` reads it (decode) or writes it (encode), or issues when one is wrong. */
  const convert = (direction: 'decode' | 'encode') => (input: unknown, ctx: Issues) => {
    if (!isPlainObject(input)) {
      // Not an object of scores: said as z.record says it (its one issue about the whole value).
      ctx.issues.push(...(documented.safeParse(input).error?.issues ?? []).map((issue) => ({ ...issue, input })));
      return input;
    }
    const entries = Object.entries(input).map(([key, v]) => {
      const result = direction === 'decode' ? value.safeDecode(v as never) : value.safeEncode(v as never);
      if (!result.success) ctx.issues.push(...result.error.issues.map((issue) => ({ ...issue, path: [key, ...issue.path] })));
      return [key, result.data] as const;
    });
    return Object.fromEntries(entries);
  };
  // The document shows the record it checks, as a request sends it (the codec's input side) and as a response has it
  // (its output side: an object score's JSON Schema differs there). JSON Schema 2020-12 is the OpenAPI 3.1 dialect.
  const side = (io: 'input' | 'output') => {
    const { $schema: _dialect, ...recordSchema } = z.toJSONSchema(documented, { io });
    return z.unknown().meta(description === undefined ? recordSchema : { ...recordSchema, description });
  };
  const schema = z.codec(side('input'), side('output'), { decode: convert('decode'), encode: convert('encode') });
  return schema as unknown as z.ZodType<Record<string, z.output<T>>, Record<string, z.input<T>>>;
}
