import { TOKEN_SECRET_PREFIX } from '@llm-eval/storage';

/** Characters of a token secret a response may show: `lle_` and 8 more, as `tokens list` and the audit log show it. */
const SHOWN_LENGTH = 12;

/**
 * Something shaped like a token secret (`lle_` and 43 base64url characters), or a long piece of one: a displayed
 * prefix (`lle_` and 8) is left as it is.
 */
const SECRET_LIKE = new RegExp(`${TOKEN_SECRET_PREFIX}[A-Za-z0-9_-]{16,}`, 'gi');

/**
 * `text` with every secret-shaped piece cut to its prefix and "…". Error messages and search explanations repeat what
 * the client sent (a run reference, a query's words), and a token pasted in the wrong place must not be sent back:
 * the dashboard shows these, proxies log them.
 */
export function cutSecrets(text: string): string {
  return text.replace(SECRET_LIKE, (secret) => `${secret.slice(0, SHOWN_LENGTH)}…`);
}

/** A JSON value with every string in it (keys too) passed through cutSecrets. */
export function cutSecretsDeep<T>(value: T): T {
  if (typeof value === 'string') return cutSecrets(value) as T;
  if (Array.isArray(value)) return value.map(cutSecretsDeep) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [cutSecrets(k), cutSecretsDeep(v)])) as T;
  }
  return value;
}
