import type { Database } from '@llm-eval/storage';
import type { Principal } from './principal';

/** How often a live stream checks that the token it was opened with is still valid. */
export const TOKEN_RECHECK_MS = 5_000;

/**
 * Calls `onInvalid` (once) when the API token `principal` authenticated with is revoked, expires or is deleted, checking
 * every `everyMs`: a live-events stream outlives the request that authenticated it, and must not go on sending a
 * revoked token's holder the runs it may no longer see. Returns a stop function. Principals without a token (local,
 * a trusted proxy's user) have nothing to recheck.
 * @internal
 */
export function watchTokenValidity(db: Database, principal: Principal, onInvalid: (reason: string) => void, everyMs = TOKEN_RECHECK_MS): () => void {
  const tokenId = principal.tokenId;
  if (principal.via !== 'token' || !tokenId) return () => undefined;
  let stopped = false;
  const timer = setInterval(() => {
    void db.tokens
      .get(tokenId)
      .then((token) => {
        if (stopped) return;
        const now = Date.now();
        const reason = !token ? 'deleted' : token.revokedAt ? 'revoked' : token.expiresAt && token.expiresAt.getTime() <= now ? 'expired' : null;
        if (reason) {
          stop();
          onInvalid(`The API token was ${reason}: this stream ends. Reconnect with a valid token.`);
        }
      })
      .catch(() => undefined);
  }, everyMs);
  timer.unref();
  function stop() {
    stopped = true;
    clearInterval(timer);
  }
  return stop;
}
