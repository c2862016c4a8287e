import { z } from 'zod';
import { RUN_STATUSES } from '@llm-eval/models';
import { ValidationError } from '../errors';
import { MAX_JSON_DEPTH } from '../limits';
import { jsonDepth, tooDeep } from './item-rows';
import { storableDate } from './stored-date';

const nonNegative = z.number().finite().nonnegative();
/** What an `integer` column holds on PostgreSQL (int4). */
const count = z.number().int().nonnegative().max(2_147_483_647);
/** A token total (bigint on PostgreSQL), exact as a JavaScript number up to 2^53 - 1. */
const bigCount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().max(max);
/**
 * Whether a run's JSON value (config, metric configs, environment) nests no deeper than items may: SQLite reads JSON
 * no deeper than 1,000 levels, so its integrity rule would refuse a deeper one with a message about its type.
 */
function withinDepth(value: unknown): boolean {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // JSON.stringify recurses: thousands of levels overflow its stack. Other failures are reported where it is stored.
    return !(error instanceof RangeError);
  }
  return text === undefined || text.length <= 2 * MAX_JSON_DEPTH || jsonDepth(text, MAX_JSON_DEPTH) <= MAX_JSON_DEPTH;
}
const json = z.record(z.string(), z.unknown()).refine(withinDepth, { message: tooDeep() });
const tag = z.string().trim().min(1).max(255);

/** Project ids are slugs: they appear in URLs and CLI flags. */
export const projectIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be a slug of letters, digits, ".", "_" or "-" (max 128)');

const runFields = {
  name: text(255).min(1),
  description: z.string().nullable(),
  status: z.enum(RUN_STATUSES),
  projectId: projectIdSchema.nullable(),
  datasetName: text(255).nullable(),
  modelName: text(255).nullable(),
  modelVersion: text(255).nullable(),
  taskType: text(64).nullable(),
  metricsUsed: z.array(z.string().min(1).max(255)),
  metricConfigs: json.nullable(),
  config: json.nullable(),
  environment: json.nullable(),
  tags: z.array(tag).max(100),
  createdBy: text(255).nullable(),
  startedAt: storableDate.nullable(),
  completedAt: storableDate.nullable(),
  durationSeconds: nonNegative,
  totalItems: count,
  successfulItems: count,
  failedItems: count,
  successRate: z.number().min(0).max(1),
  avgResponseTime: nonNegative.nullable(),
  minResponseTime: nonNegative.nullable(),
  maxResponseTime: nonNegative.nullable(),
  totalTokens: bigCount,
  totalCost: nonNegative,
  writerHost: text(255).nullable(),
  writerPid: z.number().int().nonnegative().nullable(),
  heartbeatAt: storableDate.nullable(),
  statusReason: z.string().max(2000).nullable(),
};

/** Validates `createRun` input. */
export const createRunSchema = z
  .object(runFields)
  .partial()
  // A given id is kept in lower case on both databases (run-id.ts): PostgreSQL folds a uuid's case, SQLite would not.
  .extend({
    name: runFields.name,
    id: z.uuid().transform((id) => id.toLowerCase()).optional(),
    createdAt: storableDate.optional(),
    // 'now': stamped by the database's clock (database-clock.ts).
    heartbeatAt: runFields.heartbeatAt.or(z.literal('now')).optional(),
  })
  .strict();

/** Validates `updateRun` input. */
export const updateRunSchema = z.object(runFields).partial().strict();

/** Runs `schema` and turns the first problem into a ValidationError naming the field. */
export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  throw new ValidationError(`Invalid ${what}${field ? ` field "${field}"` : ''}: ${issue.message}.`, field);
}
