import { z } from 'zod';

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * An object keyed by metric names (an item's scores), each value checked by `value`. z.record drops a "__proto__"
 * key, and a metric may be named so: this keeps every key as an own property (the result is built with
 * Object.fromEntries), in a request and in a response (checks and an overwrite, no transform: the response serializer
 * encodes). Its errors and its JSON Schema are those of z.record(z.string(), value); describe it with `description`.
 */
export function metricRecord<T extends z.ZodType>(value: T, description?: string) {
  const documented = z.record(z.string(), value);
  const checked = z
    .unknown()
    .superRefine((input, ctx) => {
      if (!isPlainObject(input)) {
        for (const issue of documented.safeParse(input).error?.issues ?? []) ctx.addIssue({ ...issue, input } as never);
        return;
      }
      for (const [key, v] of Object.entries(input)) {
        const result = value.safeParse(v);
        if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: [key, ...issue.path] } as never);
      }
    })
    .overwrite((input) => {
      if (!isPlainObject(input)) return input;
      return Object.fromEntries(Object.entries(input).map(([key, v]) => [key, value.safeParse(v).data ?? v]));
    });
  // Described here: a clone made further on (.describe) would not keep the JSON Schema below.
  const schema = description === undefined ? checked : checked.describe(description);
  // The document shows the record it checks, read or written (a check on an unknown value has no JSON Schema of its own).
  schema._zod.processJSONSchema = (ctx, json) => {
    const { $schema: _ignored, ...record } = z.toJSONSchema(documented, { io: ctx.io, target: ctx.target }) as Record<string, unknown>;
    Object.assign(json, record);
  };
  return schema as unknown as z.ZodType<Record<string, z.output<T>>, Record<string, z.input<T>>>;
}
