import { tokenState, type ApiTokenInfo, type TokenState } from '@llm-eval/storage';
import { redactDeep } from '../access/redact-secrets';
import { projectsText } from '../access/access-options';
import { shortId, when } from './format';

/** One token in `tokens list --json` and `tokens create/revoke --json`: never a secret nor its hash. */
export interface TokenJson extends ApiTokenInfo {
  state: TokenState;
}

/** A token as JSON, with its state; any secret-shaped text a name holds is cut to its prefix. */
export function tokenJson(token: ApiTokenInfo, now = Date.now()): TokenJson {
  const { id, name, prefix, role, projects, createdBy, createdAt, expiresAt, revokedAt, lastUsedAt } = token;
  return redactDeep({ id, name, prefix, role, projects, createdBy, createdAt, expiresAt, revokedAt, lastUsedAt, state: tokenState(token, now) });
}

/** The header of the tokens table, naming the zone of its times. */
export function tokenHead(zone: string): string[] {
  return ['id', 'name', 'prefix', 'role', 'projects', `created (${zone})`, `expires (${zone})`, `last used (${zone})`, 'state'];
}

/** A token as a row of the tokens table. */
export function tokenRow(token: TokenJson, zone: string): string[] {
  return [
    shortId(token.id),
    token.name,
    token.prefix,
    token.role,
    projectsText(token.projects),
    when(token.createdAt, zone),
    token.expiresAt ? when(token.expiresAt, zone) : 'never',
    token.lastUsedAt ? when(token.lastUsedAt, zone) : 'never',
    token.state === 'revoked' ? `revoked ${when(token.revokedAt, zone)}` : token.state,
  ];
}
