import { z } from 'zod';
import { RUN_DURATION_DESCRIPTION } from '../schemas/run-duration';

// The live-event messages, defined once: the server sends them, the dashboard and other clients read them. Every
// message names its run by id and name. Times are ISO 8601 strings (the API has no Date type).

const runName = { runId: z.string(), runName: z.string() };

/** A run was stored (started by the evaluator, the CLI, an ingest or an import). Sent once per run. */
export const runCreatedEvent = z
  .object({
    type: z.literal('run.created'),
    ...runName,
    status: z.string().describe('running, or the final status of a run stored whole (an import)'),
    projectId: z.string().nullable(),
    modelName: z.string().nullable(),
    datasetName: z.string().nullable(),
    createdAt: z.string(),
    at: z.string().describe('ISO time the server saw the change'),
  })
  .meta({ id: 'RunCreatedEvent' });

/** More items of a running run were stored (at most a few messages per run per second). */
export const runProgressEvent = z
  .object({
    type: z.literal('run.progress'),
    ...runName,
    status: z.string(),
    itemsStored: z.number().int(),
    successfulItems: z.number().int(),
    failedItems: z.number().int(),
    successRate: z.number().describe('successful / stored so far, 0–1'),
    itemsPerSecond: z.number().nullable().describe('items stored per second since the previous progress message of this run'),
    at: z.string(),
  })
  .meta({ id: 'RunProgressEvent' });

/** What run.finished and run.updated say of a finished run: its status and summary as stored. */
const finishedRunFields = {
  ...runName,
  status: z.string(),
  statusReason: z.string().nullable(),
  totalItems: z.number().int(),
  successfulItems: z.number().int(),
  failedItems: z.number().int(),
  successRate: z.number(),
  avgResponseTime: z.number().nullable(),
  totalTokens: z.number(),
  totalCost: z.number(),
  completedAt: z
    .string()
    .nullable()
    .describe('when the run was finalised; null for a cancelled run its writer (e.g. the queue\'s finalize job) has not finalised yet: a run.updated follows when it does'),
  durationSeconds: z.number().nullable().describe(RUN_DURATION_DESCRIPTION),
  at: z.string(),
};

/** A run reached a final status (completed, failed or cancelled), with its summary. Sent once per run. */
export const runFinishedEvent = z
  .object({ type: z.literal('run.finished'), ...finishedRunFields })
  .meta({ id: 'RunFinishedEvent' });

/**
 * A finished run's stored summary changed after its run.finished: a run cancelled while its writer or workers were
 * busy, finalised later (completedAt, its measured duration and final totals). Carries the run as now stored.
 */
export const runUpdatedEvent = z
  .object({ type: z.literal('run.updated'), ...finishedRunFields })
  .meta({ id: 'RunUpdatedEvent' });

/** A run was deleted. */
export const runDeletedEvent = z
  .object({
    type: z.literal('run.deleted'),
    ...runName,
    at: z.string(),
  })
  .meta({ id: 'RunDeletedEvent' });

/** Any live-event message. */
export const runEvent = z
  .discriminatedUnion('type', [runCreatedEvent, runProgressEvent, runFinishedEvent, runUpdatedEvent, runDeletedEvent])
  .meta({ id: 'RunEvent' });

export type RunCreatedEvent = z.infer<typeof runCreatedEvent>;
export type RunProgressEvent = z.infer<typeof runProgressEvent>;
export type RunFinishedEvent = z.infer<typeof runFinishedEvent>;
export type RunUpdatedEvent = z.infer<typeof runUpdatedEvent>;
export type RunDeletedEvent = z.infer<typeof runDeletedEvent>;
/** Any live-event message. */
export type RunEvent = z.infer<typeof runEvent>;
/** The `type` of a live-event message. */
export type RunEventType = RunEvent['type'];
/** Every event type, in lifecycle order. */
export const RUN_EVENT_TYPES: readonly RunEventType[] = ['run.created', 'run.progress', 'run.finished', 'run.updated', 'run.deleted'];

// The stream's own messages (not run events): which runs it carries now, and a client message it could not follow.

/** Sent when a stream opens and after each subscribe/unsubscribe: the run it carries now (null: every run). */
export const subscribedMessage = z
  .object({
    type: z.literal('subscribed'),
    runId: z.string().nullable(),
    runName: z.string().nullable(),
  })
  .meta({ id: 'SubscribedMessage' });

/** A WebSocket client message the server could not follow; the connection stays open. */
export const streamErrorMessage = z
  .object({
    type: z.literal('error'),
    error: z.object({ code: z.string(), message: z.string() }),
  })
  .meta({ id: 'StreamErrorMessage' });

export type SubscribedMessage = z.infer<typeof subscribedMessage>;
export type StreamErrorMessage = z.infer<typeof streamErrorMessage>;
/** Anything a live-event stream sends. */
export type StreamMessage = RunEvent | SubscribedMessage | StreamErrorMessage;

/**
 * What a WebSocket client may send: narrow the stream to one run, or widen it to every run again. A key a message
 * does not take is refused, as in the API's request bodies.
 */
export const clientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('subscribe'), run: z.string().min(1).max(512) }),
  z.strictObject({ type: z.literal('unsubscribe') }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;
