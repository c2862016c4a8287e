import { z } from 'zod';
import { wholeNumberParam } from './whole-number';

/** The body of every error response. */
export const errorResponse = z
  .object({
    error: z.object({
      code: z.string().describe('machine-readable: invalid_request, run_not_found, conflict, invalid_query, …'),
      message: z.string().describe('what was wrong and how to fix it'),
      details: z.record(z.string(), z.unknown()).describe('e.g. { field } for validation, { position } for queries'),
    }),
  })
  .meta({ id: 'Error' });

/** Error responses a route may give, for its OpenAPI entry. */
export function errorResponses(...codes: Array<400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503>) {
  return Object.fromEntries(codes.map((c) => [c, errorResponse])) as Record<number, typeof errorResponse>;
}

/** A run named by id, unique id prefix, `latest`, `latest~N` or unique name. */
export const runReference = z
  .string()
  .min(1)
  .max(512)
  .describe('a run id, a unique id prefix, latest, latest~N, or a unique run name');

/** `:run` path parameter. */
export const runParams = z.object({ run: runReference });

/**
 * A page size (1–1000). Every way to miss the range says the range: zod's own messages for `limit=` ("Too small:
 * expected number to be >=1", the empty string coerced to 0) and a huge number ("<=9007199254740991", its safe-integer
 * bound, before "<=1000") said nothing a client could act on. Only plain decimal digits are a page size (`0x10` and
 * `1e3` are refused, see wholeNumberParam).
 */
export function pageSizeParam(defaultSize: number) {
  const error = `expected a whole number from 1 to 1000 (the page size; default ${defaultSize})`;
  return wholeNumberParam(1, 1000, error)
    .optional()
    .describe(`page size, 1–1000 (default ${defaultSize})`);
}

/** Page size (1–1000, default 50). */
export const limitParam = pageSizeParam(50);

/** Opaque cursor from a previous page's nextCursor. */
export const cursorParam = z.string().max(4096).optional().describe("the previous page's nextCursor");

/** An ISO 8601 time. */
export const isoTime = z.string().describe('ISO 8601 time');

/** A comma-separated list in a query string, or the parameter repeated. */
export const listParam = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)));

/** A boolean in a query string ("true"/"false"/"1"/"0"). */
export const booleanParam = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'));
