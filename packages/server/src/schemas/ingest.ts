import { z } from 'zod';
import { ITEM_STATUSES } from '@llm-eval/models';
import { ITEM_NUMBER_LIMITS } from '@llm-eval/storage';
import { booleanParam, listParam } from './common';
import { runSchema, runWithMetricsSchema } from './run';
import { metricRecord } from './metric-record';
import { isoTimeString } from './iso-time';
import { itemScore } from './item-score';
import { grouped, wholeNumber } from './whole-number';

// Schemas of the ingest routes: how a Python notebook, a CI job or another tool stores runs over plain HTTP.
// The limits are storage's (packages/storage/src/repositories/run-input.schema.ts, item-rows.ts): the request is
// refused here with the field named, before storage would refuse it.

/** Project ids are slugs (storage's projectIdSchema). */
const projectId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be a slug of letters, digits, ".", "_" or "-" (max 128)');
/**
 * Any JSON value that can be stored. How deep it nests (at most storage's MAX_JSON_DEPTH levels) is checked by the one
 * walk of the parsed body (json-body.ts) for a run's fields, and of each item (append-items.ts) for an item's: this
 * schema does not walk the value again.
 */
const storableJson = z.unknown();
/** A JSON object that can be stored (see storableJson). */
const jsonObject = z.record(z.string(), storableJson);
const tag = z.string().trim().min(1, 'must not be empty').max(255);

/** Body of POST /runs: the run to create (it starts `running`, startedAt now). */
export const createRunBody = z
  .object({
    id: z.uuid().optional().describe('the run id to use (a UUID); default: a new one. An id already stored is a 409'),
    name: z.string().trim().min(1, 'must not be empty').max(255).describe('run name (1–255 characters)'),
    description: z.string().max(100_000).nullable().optional(),
    projectId: projectId.nullable().optional().describe('project slug; the project is created on first use'),
    datasetName: z.string().max(255).nullable().optional(),
    modelName: z.string().max(255).nullable().optional(),
    modelVersion: z.string().max(255).nullable().optional(),
    taskType: z.string().max(64).nullable().optional(),
    metricsUsed: z.array(z.string().min(1).max(255)).max(1000).optional().describe('names of the metrics items are scored with; finish computes their statistics'),
    metricConfigs: jsonObject.nullable().optional(),
    config: jsonObject.nullable().optional(),
    environment: jsonObject.nullable().optional(),
    tags: z.array(tag).max(100).optional().describe('at most 100 tags'),
    createdBy: z.string().max(255).nullable().optional(),
  })
  .strict()
  .meta({ id: 'RunCreate' });

export type CreateRunBody = z.infer<typeof createRunBody>;

/** What every response storing a body's values says of its numbers that JSON cannot keep. */
const lossyNumbersDescription = (of: string) =>
  `Numbers of ${of} stored otherwise than written, one message each (its path, as written and as read: 1e-400 ` +
  'reads as 0, 12345678901234567891 as 12345678901234567000), the first 10 named and the rest counted; empty when none. ' +
  'Send such a number as a string to keep it as written';

/** Response of POST /runs: the run, and what of its numbers was not stored as written. */
export const createdRunSchema = runSchema
  .extend({ warnings: z.array(z.string()).describe(lossyNumbersDescription('the body')) })
  .meta({ id: 'RunCreated' });

/**
 * An ISO 8601 date or time; without an offset it is read as UTC (Python's `datetime.isoformat()` of a naive time).
 * Becomes a Date.
 */
const isoTime = isoTimeString.nullable().optional();

const nonNegative = z.number().finite().nonnegative();
/** A number of an item from 0 to storage's limit of that field (ITEM_NUMBER_LIMITS), the message saying the range. */
function itemNumber(field: 'responseTime' | 'cost', unit = '') {
  const max = ITEM_NUMBER_LIMITS[field];
  return nonNegative.max(max, { error: `must be at most ${grouped(max)}${unit} (the most one item can store)` });
}

/**
 * One item of a batch, checked on its own: an item that fails is rejected alone (named in the response) and the
 * rest of the batch is stored. Field names are those of `llm-eval items --json`.
 */
export const ingestItemSchema = z
  .object({
    itemId: z.string().min(1, 'must not be empty').describe('unique within the run (at most 255 characters); the key that makes a retried batch safe'),
    input: storableJson.optional().describe('any JSON value (nested at most 500 levels)'),
    expectedOutput: z.string().nullable().optional(),
    actualOutput: z.string().nullable().optional(),
    status: z.enum(ITEM_STATUSES).optional().describe('default completed'),
    errorMessage: z.string().nullable().optional(),
    errorType: z.string().nullable().optional(),
    scores: metricRecord(itemScore).optional().describe('metric name → number, boolean, or { error } when the metric failed'),
    responseTime: itemNumber('responseTime', ' seconds').nullable().optional().describe('seconds'),
    tokensUsed: wholeNumber(0, ITEM_NUMBER_LIMITS.tokensUsed, 'the most one item can store').nullable().optional(),
    cost: itemNumber('cost').nullable().optional(),
    metadata: jsonObject.nullable().optional(),
    traceId: z.string().nullable().optional(),
    startedAt: isoTime.describe('ISO 8601 date or time; without an offset it is UTC'),
    completedAt: isoTime.describe('ISO 8601 date or time; without an offset it is UTC'),
  })
  .strict();

export type IngestItem = z.output<typeof ingestItemSchema>;

/** Largest batch POST /runs/:run/items takes. */
export const MAX_BATCH_ITEMS = 5_000;

// The batch schema only checks the batch's shape; each item is checked by ingestItemSchema on its own (so one bad
// item never costs the others). The OpenAPI document still shows every item field: they come from ingestItemSchema.
const itemJsonSchema = z.toJSONSchema(ingestItemSchema, { io: 'input' }) as { properties?: object; required?: string[] };
const lenientItem = z.unknown().meta({
  id: 'IngestItem',
  type: 'object',
  description: 'One item. Each item is checked on its own: an invalid one is rejected alone and named in the response.',
  properties: itemJsonSchema.properties,
  required: itemJsonSchema.required,
});

/** Body of POST /runs/:run/items. */
export const appendItemsBody = z
  .object({
    items: z
      .array(lenientItem)
      .min(1, 'must hold at least one item')
      .max(MAX_BATCH_ITEMS, `must hold at most ${MAX_BATCH_ITEMS} items; split the batch into several requests`)
      .describe(`1–${MAX_BATCH_ITEMS} items`),
  })
  .strict()
  .meta({ id: 'ItemBatch' });

/** An item of a batch that was not stored, and why. */
export const rejectedItemSchema = z
  .object({
    itemId: z.string().describe('the item id, or #index when the item had none'),
    index: z.number().int().describe('position in the batch, from 0'),
    reason: z.string(),
    field: z.string().nullable().describe('the item field that was wrong, when one was'),
  })
  .meta({ id: 'RejectedItem' });

/** Response of POST /runs/:run/items. */
export const appendItemsResponse = z
  .object({
    runId: z.string(),
    stored: z.number().int().describe('items stored by this request'),
    alreadyStored: z
      .array(z.object({ itemId: z.string(), index: z.number().int() }))
      .describe('items the run already held (a retried batch): left as they are, not stored twice'),
    rejected: z.array(rejectedItemSchema).describe('items not stored: invalid, or repeating an earlier item id of the same batch'),
    warnings: z.array(z.string()).describe(lossyNumbersDescription('the items this request stored')),
  })
  .meta({ id: 'ItemBatchOutcome' });

export type AppendItemsResponse = z.infer<typeof appendItemsResponse>;

/** Body of POST /runs/:run/finish. */
export const finishRunBody = z
  .object({
    status: z.enum(['completed', 'failed', 'cancelled']).optional().describe('final status (default completed)'),
    statusReason: z.string().max(2000).nullable().optional().describe('why the run ended so (at most 2000 characters)'),
  })
  .strict()
  .meta({ id: 'RunFinish' });

/** Query of POST /imports. */
export const importQuery = z.object({
  projectId: projectId.optional().describe('store the run in this project instead of the one the export names (with a project-scoped token, an export of a project outside its scope needs this)'),
  createdBy: z.string().max(255).optional().describe('creator instead of the one the export names'),
  tags: listParam.describe("tags (comma-separated or repeated) replacing the export's"),
  allowDuplicate: booleanParam.describe('import even when this database already holds the export (default false: 409)'),
});

/** Body of POST /imports: the export file itself, as text (checked by the evaluator's export parser, not here). */
export const importBody = z.unknown().meta({
  description:
    'The export file as saved: a JSON export (Python LLM-Eval or llm-eval) as application/json, or llm-eval JSONL ' +
    '(a "run" line, then one "item" line per item) as application/x-ndjson.',
});

/** Response of POST /imports. */
export const importResponse = z
  .object({
    runId: z.string(),
    run: runWithMetricsSchema,
    warnings: z
      .array(z.string())
      .describe('Values of the export stored as unknown (e.g. a negative "time" or a fractional "tokens_used"), one message per field; empty when none'),
  })
  .meta({ id: 'ImportOutcome' });
