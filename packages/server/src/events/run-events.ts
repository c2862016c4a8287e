import { z } from 'zod';

// The live-event messages, defined once: the server sends them, the dashboard and other clients read them.

const runName = { runId: z.string(), runName: z.string() };

/** A run was stored (started by the evaluator, the CLI, an ingest or an import). */
export const runCreatedEvent = z.object({
  type: z.literal('run.created'),
  ...runName,
  status: z.string(),
  projectId: z.string().nullable(),
  modelName: z.string().nullable(),
  at: z.string().describe('ISO time the server saw the change'),
});

/** More items of a running run were stored. */
export const runProgressEvent = z.object({
  type: z.literal('run.progress'),
  ...runName,
  status: z.string(),
  itemsStored: z.number().int(),
  successfulItems: z.number().int(),
  failedItems: z.number().int(),
  successRate: z.number().describe('successful / stored so far, 0–1'),
  itemsPerSecond: z.number().nullable().describe('stored items per second since the previous progress message'),
  at: z.string(),
});

/** A run reached a final status. */
export const runFinishedEvent = z.object({
  type: z.literal('run.finished'),
  ...runName,
  status: z.string(),
  statusReason: z.string().nullable(),
  totalItems: z.number().int(),
  successfulItems: z.number().int(),
  failedItems: z.number().int(),
  successRate: z.number(),
  durationSeconds: z.number(),
  at: z.string(),
});

/** A run was deleted. */
export const runDeletedEvent = z.object({
  type: z.literal('run.deleted'),
  ...runName,
  at: z.string(),
});

/** Any live-event message. */
export const runEvent = z.discriminatedUnion('type', [runCreatedEvent, runProgressEvent, runFinishedEvent, runDeletedEvent]);

export type RunCreatedEvent = z.infer<typeof runCreatedEvent>;
export type RunProgressEvent = z.infer<typeof runProgressEvent>;
export type RunFinishedEvent = z.infer<typeof runFinishedEvent>;
export type RunDeletedEvent = z.infer<typeof runDeletedEvent>;
/** Any live-event message. */
export type RunEvent = z.infer<typeof runEvent>;
/** The `type` of a live-event message. */
export type RunEventType = RunEvent['type'];
/** Every event type, in lifecycle order. */
export const RUN_EVENT_TYPES: readonly RunEventType[] = ['run.created', 'run.progress', 'run.finished', 'run.deleted'];
