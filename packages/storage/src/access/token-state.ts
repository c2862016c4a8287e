import type { ApiTokenInfo } from './access-records';

/** Every state of a token, as `llm-eval tokens list --json` names them. */
export const TOKEN_STATES = ['active', 'expired', 'revoked'] as const;

/** Whether a token still works. */
export type TokenState = (typeof TOKEN_STATES)[number];

/**
 * A token's state at `now`: revoked beats expired, and a token whose expiry is `now` has expired. Read by the CLI
 * (`tokens list --json`) and the API (GET /tokens), so the two agree.
 */
export function tokenState(token: Pick<ApiTokenInfo, 'expiresAt' | 'revokedAt'>, now = Date.now()): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}
