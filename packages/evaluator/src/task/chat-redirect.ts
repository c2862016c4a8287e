import { ModelApiError } from '../errors';
import type { ChatRequestInfo } from './chat-api-error';
import { maskSecretParams } from './url-secrets';

/**
 * The error for a redirect (3xx) from the chat-completions endpoint. It is never followed: the request carries the key
 * (fetch strips Authorization on a cross-origin hop but not `api-key` or other custom headers), and an API POST that
 * is redirected means baseURL points at the wrong place. The message names the Location (any key in it redacted, the
 * values of its secret-looking query parameters masked) and the baseURL to use instead. `status` 0: a fetch that hides
 * redirects (`opaqueredirect`), so no Location is known.
 */
export function redirectError(status: number, location: string | undefined, request: ChatRequestInfo): ModelApiError {
  const what = status === 0 ? 'answered with a redirect' : `answered HTTP ${status} (a redirect)`;
  if (location === undefined || location.trim() === '') {
    return new ModelApiError(`${request.url} ${what} without saying where to; it was not followed. Check baseURL.`, status || undefined);
  }
  let target: URL | undefined;
  try {
    target = new URL(location, request.url);
  } catch {
    target = undefined;
  }
  const shown = request.redact(maskSecretParams(target?.href ?? location));
  const advice = target ? suggestedBaseUrl(target, request) : undefined;
  return new ModelApiError(
    `${request.url} ${what} to ${shown}; it was not followed, since the request carries the API key and a redirected POST ` +
      `means baseURL points elsewhere. ${advice ? `If that is the API's address, set baseURL to ${advice}.` : 'Set baseURL to the address the API answers at.'}`,
    status,
  );
}

/** The baseURL that makes the request go to `target` directly: its address without `/chat/completions`. */
function suggestedBaseUrl(target: URL, request: ChatRequestInfo): string | undefined {
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return undefined;
  const base = new URL(target.href);
  base.pathname = base.pathname.replace(/\/chat\/completions\/?$/, '') || '/';
  base.hash = '';
  return request.redact(maskSecretParams(base.href.replace(/\/(\?|$)/, '$1')));
}
