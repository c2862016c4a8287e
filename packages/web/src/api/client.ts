import { session } from './session';

/** An error answered by the API ({ error: { code, message, details } }) or a failed request, in words. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The API's error code (not_found, invalid_request, invalid_query, …) or 'network'. */
    readonly code: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** Query parameters: arrays repeat the parameter; undefined, null and '' are left out. */
export type QueryParams = Record<string, string | number | boolean | null | undefined | Array<string | number>>;

/** `/api/v1<path>?<params>` */
export function apiUrl(path: string, params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, String(v));
    else search.set(key, String(value));
  }
  const qs = search.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

/** Path segment of a run reference (id, prefix, latest, latest~N or a name, which may hold any character). */
export function runPath(run: string): string {
  return `/runs/${encodeURIComponent(run)}`;
}

/** The headers of a request with the tab's API token (`Authorization: Bearer`, none without a token) and that token. */
export function withToken(headers: Record<string, string>): { headers: Record<string, string>; token: string | null } {
  const token = session.token();
  return { headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers, token };
}

/** The network failure of a request, in words. */
export function unreachable(): ApiRequestError {
  return new ApiRequestError('The llm-eval server could not be reached. Is `llm-eval serve` still running?', 0, 'network');
}

/**
 * The ApiRequestError of an answer that is not 2xx, with the API's message. A 401 also tells the session, which
 * shows the sign-in panel (and forgets `sentWith` if that token stopped working).
 */
export function answerError(response: Response, body: unknown, sentWith: string | null, fallback?: string): ApiRequestError {
  const error = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
  const message = error?.message ?? fallback ?? `The server answered ${response.status} ${response.statusText}.`;
  if (response.status === 401) session.refused(message, sentWith);
  return new ApiRequestError(message, response.status, error?.code ?? 'http_error', error?.details ?? {});
}

/** Sends a request to the API and returns its JSON; any error becomes an ApiRequestError with the API's message. */
export async function apiFetch<T>(
  path: string,
  init: { method?: string; params?: QueryParams; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const { headers, token } = withToken(
    init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
  );
  let response: Response;
  try {
    response = await fetch(apiUrl(path, init.params), {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw unreachable();
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  if (!response.ok) throw answerError(response, body, token);
  session.accepted(token);
  return body as T;
}
