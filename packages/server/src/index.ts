/** Creates the API server (embed it, or run it with `llm-eval serve`). */
export { createServer } from './create-server';
export type { LlmEvalServer } from './create-server';
/** Options of createServer and their defaults. */
export type { ServerOptions } from './server-options';
export { DEFAULT_HOST, DEFAULT_PORT } from './server-options';
/** The authentication seam. */
export type { Authenticator } from './auth/authentication';
export { isPublicHost } from './auth/authentication';
/** Live-event messages, shared with the dashboard and other clients. */
export { runEvent, RUN_EVENT_TYPES } from './events/run-events';
export type { RunEvent, RunEventType, RunCreatedEvent, RunProgressEvent, RunFinishedEvent, RunDeletedEvent } from './events/run-events';
export type { StreamMessage, SubscribedMessage, StreamErrorMessage, ClientMessage } from './events/run-events';
export { EventHub } from './events/event-hub';
export type { Subscriber } from './events/event-hub';
/** The JSON shapes of the API. */
export type { RunJson, RunMetricJson, RunWithMetricsJson } from './schemas/run';
/** Errors this package throws, and the error body of every error response. */
export { ServerError, ServerConfigError, ApiError } from './errors';
export type { ApiErrorCode, ErrorBody } from './errors';
