/**
 * Token secrets are `lle_` and 43 base64url characters (storage's TOKEN_SECRET_PREFIX; not imported, so that
 * reporting an error never loads storage). Anything shaped like a secret, or a long piece of one, is matched.
 */
const SECRET_LIKE = /lle_[A-Za-z0-9_-]{16,}/g;

/** Whether text holds something shaped like a token secret (a pasted secret, whole or most of it). */
export function holdsSecret(text: string): boolean {
  SECRET_LIKE.lastIndex = 0;
  return SECRET_LIKE.test(text);
}

/**
 * `text` with every secret-shaped piece cut to the 12 characters `tokens list` shows (`lle_` and 8 more) and "…":
 * errors, tables and JSON repeat what users typed or stored, and a secret pasted in the wrong place (a --name, a
 * project id, a mistyped flag) must not be printed back.
 */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_LIKE, (secret) => `${secret.slice(0, 12)}…`);
}

/** A value (as printJson would print it) with every string redacted. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}
