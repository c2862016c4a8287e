import { apiUrl } from './client';

/** The answer of a token check: accepted, or refused with the server's (or the dashboard's) words. */
export type TokenCheck = { ok: true } | { ok: false; message: string };

/**
 * Characters a bearer token may hold (RFC 6750's b64token); llm-eval's own tokens (`lle_` + base64url) are a subset.
 * Anything else could not be sent in a header, so it is refused here, without a request.
 */
const TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;

/** A pasted token without the whitespace copying tends to add. */
export function cleanToken(input: string): string {
  return input.trim();
}

/**
 * Asks the server once (GET /api/v1/health with the token) whether it accepts `token`, before the dashboard keeps
 * it. A health report (200, or 503 when the database is down) means the token was accepted; a 401, 403 or 429 is
 * refused with the server's message. Messages never contain the token.
 */
export async function checkToken(token: string, signal?: AbortSignal): Promise<TokenCheck> {
  if (token === '') return { ok: false, message: 'Paste your API token first.' };
  if (!TOKEN.test(token)) {
    return { ok: false, message: 'That is not an API token: tokens consist of letters, digits and - _ . ~ + / only. Check that it was copied whole.' };
  }
  let response: Response;
  try {
    response = await fetch(apiUrl('/health'), { signal, headers: { accept: 'application/json', authorization: `Bearer ${token}` } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    return { ok: false, message: 'The llm-eval server could not be reached. Is `llm-eval serve` still running?' };
  }
  if (response.ok || response.status === 503) return { ok: true };
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const said = (body as { error?: { message?: unknown } } | null)?.error?.message;
  const message = typeof said === 'string' && said !== '' ? said : `The server answered ${response.status} ${response.statusText}.`;
  // A server that quoted the credential back would put it on the page.
  return { ok: false, message: message.split(token).join('[token]') };
}
