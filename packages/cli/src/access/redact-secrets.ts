/**
 * Token secrets are `lle_` and 43 base64url characters (storage's TOKEN_SECRET_PREFIX; not imported, so that
 * reporting an error never loads storage). Anything shaped like a secret, or a long piece of one, is matched, in any
 * case (`LLE_…`), as the server's cutSecrets matches it: the CLI and the API answer the same query alike.
 */
const SECRET_LIKE = /lle_[A-Za-z0-9_-]{16,}/gi;

/** Characters of a secret that may be shown: `lle_` and 8 more, what `tokens list` shows and the API cuts a secret to. */
const SHOWN_LENGTH = 12;

/** Whether text holds something shaped like a token secret (a pasted secret, whole or most of it). */
export function holdsSecret(text: string): boolean {
  SECRET_LIKE.lastIndex = 0;
  return SECRET_LIKE.test(text);
}

/**
 * `text` with every secret-shaped piece cut to the 12 characters `tokens list` shows (`lle_` and 8 more) and "…":
 * errors, tables and JSON repeat what users typed or stored, and a secret pasted in the wrong place (a --name, a
 * project id, a mistyped flag, a search query's words) must not be printed back.
 */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_LIKE, (secret) => `${secret.slice(0, SHOWN_LENGTH)}…`);
}

/**
 * A column of `text` (a caret under a query's character) as it falls in redactSecrets(text): moved left by what the
 * cuts before it removed, and onto the "…" when it fell inside a cut-off part.
 */
export function redactedColumn(text: string, column: number): number {
  let removed = 0;
  for (const match of text.matchAll(SECRET_LIKE)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (column < start + SHOWN_LENGTH) break;
    if (column < end) return start + SHOWN_LENGTH - removed;
    removed += match[0].length - SHOWN_LENGTH - 1;
  }
  return column - removed;
}

/** A value (as printJson would print it) with every string, keys too, redacted (as the API's cutSecretsDeep does). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactSecrets(k), redactDeep(v)])) as T;
  }
  return value;
}

/** The longest token reference `tokens revoke` takes that is no secret: an id (a UUID, 36 characters). */
const ID_LENGTH = 36;

/**
 * How `tokens revoke` repeats a reference no token has: whole when it could be an id (hex digits and dashes) or a
 * displayed prefix (12 characters at most), else cut to 8 characters and "…" (`lle_` and 8 for one that starts like
 * a secret). A secret pasted without its `lle_` (or most of one) is none of these, and is not printed back.
 */
export function shownTokenReference(reference: string): string {
  if (reference.length <= SHOWN_LENGTH) return reference;
  if (reference.length <= ID_LENGTH && /^[0-9a-f-]+$/i.test(reference)) return reference;
  return `${reference.slice(0, /^lle_/i.test(reference) ? SHOWN_LENGTH : 8)}…`;
}
