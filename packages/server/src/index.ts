/** Creates the API server (embed it, or run it with `llm-eval serve`). */
export { createServer } from './create-server';
export type { LlmEvalServer } from './create-server';
/** Options of createServer and their defaults. */
export type { ServerOptions } from './server-options';
export { DEFAULT_HOST, DEFAULT_PORT } from './server-options';
/** The authentication seam. */
export type { Authenticator } from './auth/authentication';
export { isPublicHost } from './auth/authentication';
/** Who is asking (request.principal), what each role may do, and the local admin of a server without authentication. */
export type { Principal, Role } from './auth/principal';
export { LOCAL_PRINCIPAL, ROLES, roleAllows } from './auth/principal';
/** Options of the trusted-proxy mode (single sign-on behind oauth2-proxy and the like). */
export type { TrustedProxyOptions } from './auth/trusted-proxy';
/** The default request limit with authentication on, and the audit actor of scheduled retention. */
export { DEFAULT_REQUESTS_PER_MINUTE } from './server-options';
export { RETENTION_ACTOR } from './retention-schedule';
/** Live-event messages, shared with the dashboard and other clients. */
export { runEvent, RUN_EVENT_TYPES } from './events/run-events';
export type { RunEvent, RunEventType, RunCreatedEvent, RunProgressEvent, RunFinishedEvent, RunUpdatedEvent, RunDeletedEvent } from './events/run-events';
export type { StreamMessage, SubscribedMessage, StreamErrorMessage, ClientMessage } from './events/run-events';
export { EventHub } from './events/event-hub';
export type { Subscriber } from './events/event-hub';
/** The JSON shapes of the API. */
export type { RunJson, RunMetricJson, RunWithMetricsJson } from './schemas/run';
/** Errors this package throws, and the error body of every error response. */
export { ServerError, ServerConfigError, DashboardNotBuiltError, UnauthenticatedPublicHostError, ApiError } from './errors';
export type { ApiErrorCode, ErrorBody } from './errors';
/** The JSON shapes of the rest of the API, for typed clients such as the dashboard. */
export type { ItemJson } from './schemas/item';
export type { ComparisonJson, ComparisonList } from './schemas/compare';
export type { ProjectSummaryJson, ProjectDetailJson } from './schemas/project';
export type { RunPageJson, ItemPageJson, TrendJson, ProjectListJson, HealthReportJson, RunStatusFilter } from './api-types';
export type { ListRunsParams, ListItemsParams, TrendParams, CompareParams } from './api-types';
