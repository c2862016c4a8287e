import { ModelApiError, RetryableError } from '../errors';
import { parseRetryAfterMs } from './retry-after';

/** What an error message may name about the request (never the API key). */
export interface ChatRequestInfo {
  model: string;
  /** The endpoint URL as messages show it: the values of its secret-looking query parameters masked. */
  url: string;
  /** Whether an API key was sent (by the apiKey option, or in any credential header of the headers option). */
  hasApiKey: boolean;
  /** What to check when the API refuses the key sent, after where it came from. */
  keyAdvice?: string;
  /** Removes every credential the request sends from text an API echoed back. */
  redact: (text: string) => string;
}

/** Longest text of a body that is not JSON quoted in a message. */
const MAX_QUOTED = 300;

/**
 * The error message an API put in its body (OpenAI/vLLM/llama.cpp `error.message`, Ollama `error`), with every
 * credential removed by `redact`; of a body that is not JSON, its first 300 characters. Redacted before it is cut, so a
 * key the cut would split leaves no prefix of itself behind.
 */
export function apiErrorMessage(bodyText: string, redact: (text: string) => string = (text) => text): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    const text = redact(bodyText.trim());
    if (!text) return undefined;
    return text.length > MAX_QUOTED ? text.slice(0, MAX_QUOTED) : text;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { error, message } = body as Record<string, unknown>;
  if (typeof error === 'string') return redact(error);
  if (typeof error === 'object' && error !== null) {
    const nested = (error as Record<string, unknown>).message;
    if (typeof nested === 'string') return redact(nested);
  }
  return typeof message === 'string' ? redact(message) : undefined;
}

// As the official OpenAI SDK: timeouts, lock conflicts, rate limits and server errors are transient.
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The error for a non-2xx response: RetryableError for transient statuses, ModelApiError otherwise. */
export function chatApiError(
  status: number,
  headers: Headers,
  bodyText: string,
  request: ChatRequestInfo,
): RetryableError | ModelApiError {
  const detail = apiErrorMessage(bodyText, request.redact);
  const said = detail ? `: ${detail}` : '';
  if (isRetryableStatus(status)) {
    const what = status === 429 ? 'rate limited the request' : `answered with a server error`;
    return new RetryableError(`${request.url} ${what} (HTTP ${status})${said}`, parseRetryAfterMs(headers));
  }
  switch (status) {
    case 401:
      return new ModelApiError(
        request.hasApiKey
          ? `${request.url} rejected the API key (HTTP 401)${said}. ${request.keyAdvice ?? 'Check OPENAI_API_KEY or the apiKey option.'}`
          : `${request.url} requires an API key (HTTP 401)${said}. Set OPENAI_API_KEY or pass apiKey.`,
        status,
      );
    case 403:
      return new ModelApiError(`${request.url} refused access to model "${request.model}" (HTTP 403)${said}. Check the API key's permissions.`, status);
    case 404:
      return new ModelApiError(
        `Model "${request.model}" or the endpoint ${request.url} was not found (HTTP 404)${said}. Check the model name and baseURL (it usually ends in /v1).`,
        status,
      );
    default:
      return new ModelApiError(`${request.url} rejected the request for model "${request.model}" (HTTP ${status})${said}`, status);
  }
}
