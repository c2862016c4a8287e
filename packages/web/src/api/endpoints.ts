import { answerError, apiFetch, apiUrl, runPath, withToken, type QueryParams } from './client';
import { session } from './session';
import type {
  ComparisonJson,
  HealthReportJson,
  ItemPageJson,
  ProjectDetailJson,
  ProjectListJson,
  RunPageJson,
  RunWithMetricsJson,
  TrendJson,
} from './types';

/** GET /runs: q (natural language) and filters, sort, limit, cursor. */
export const listRuns = (params: QueryParams, signal?: AbortSignal) => apiFetch<RunPageJson>('/runs', { params, signal });

/** GET /runs/:run (any run reference). */
export const getRun = (run: string, signal?: AbortSignal) => apiFetch<RunWithMetricsJson>(runPath(run), { signal });

/** DELETE /runs/:run; force deletes a run whose writer is still alive. */
export const deleteRun = (run: string, force = false) =>
  apiFetch<unknown>(runPath(run), { method: 'DELETE', params: force ? { force: true } : {} });

/** GET /runs/:run/items: q (item query) or structured filters, itemId (repeatable), cursor. */
export const listItems = (run: string, params: QueryParams, signal?: AbortSignal) =>
  apiFetch<ItemPageJson>(`${runPath(run)}/items`, { params, signal });

/** GET /compare?a=&b=: run B against baseline A; each item list has its own cursor. */
export const compareRuns = (params: QueryParams, signal?: AbortSignal) => apiFetch<ComparisonJson>('/compare', { params, signal });

/** GET /trends. */
export const getTrend = (params: QueryParams, signal?: AbortSignal) => apiFetch<TrendJson>('/trends', { params, signal });

/** GET /projects and /projects/:project. */
export const listProjects = (signal?: AbortSignal) => apiFetch<ProjectListJson>('/projects', { signal });
export const getProject = (project: string, signal?: AbortSignal) =>
  apiFetch<ProjectDetailJson>(`/projects/${encodeURIComponent(project)}`, { signal });

/** Whether an answer of GET /health is its report (a proxy's 503 page or an API error is not). */
export function isHealthReport(body: unknown): body is HealthReportJson {
  return typeof body === 'object' && body !== null && 'backend' in body && 'reachable' in body && 'rowCounts' in body;
}

/** GET /health (a 503 still carries the report, so it is read either way; fetchHealth also says why one is missing). */
export async function getHealth(signal?: AbortSignal): Promise<HealthReportJson> {
  const { headers, token } = withToken({ accept: 'application/json' });
  const response = await fetch(apiUrl('/health'), { signal, headers });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok && response.status !== 503) throw answerError(response, body, token);
  // Only the server's own report says the request was served: a proxy's 503 page during a restart says nothing of it.
  if (response.ok || isHealthReport(body)) session.accepted(token);
  return body as HealthReportJson;
}

/** The download URL of a run's export. */
export const exportUrl = (run: string, format: 'json' | 'jsonl' | 'csv') => apiUrl(`${runPath(run)}/export`, { format });
