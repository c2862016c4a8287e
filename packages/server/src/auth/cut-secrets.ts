import { TOKEN_SECRET_PREFIX } from '@llm-eval/storage';

/** Characters of a token secret a response may show: `lle_` and 8 more, as `tokens list` and the audit log show it. */
const SHOWN_LENGTH = 12;

/**
 * A character as a client may send it: itself, or percent-encoded once or more (`_`, `%5F`, `%255F`…). The router
 * decodes a path once, so a run reference sent as `lle%255F…` reaches the 404 message as `lle%5F…`: matching every
 * depth of encoding is decoding as often as it takes.
 */
const encoded = (character: string) => `(?:${character}|%(?:25)*${character.charCodeAt(0).toString(16)})`;

/**
 * Something shaped like a token secret (`lle_` and 43 base64url characters), or a long piece of one, raw or with any
 * of its characters percent-encoded: a displayed prefix (`lle_` and 8) is left as it is.
 */
const SECRET_LIKE = new RegExp(`${[...TOKEN_SECRET_PREFIX].map(encoded).join('')}(?:[A-Za-z0-9_-]|%(?:25)*[0-9A-Fa-f]{2}){16,}`, 'gi');

/** How many times a secret-shaped piece is percent-decoded before it is cut: more than any client encodes. */
const MAX_DECODINGS = 8;

/** `text` percent-decoded until nothing is left to decode (bounded), so that its prefix is the secret's own. */
function decoded(text: string): string {
  let out = text;
  for (let i = 0; i < MAX_DECODINGS && out.includes('%'); i++) {
    try {
      out = decodeURIComponent(out);
    } catch {
      break;
    }
  }
  return out;
}

/**
 * `text` with every secret-shaped piece cut to its prefix and "…". Error messages and search explanations repeat what
 * the client sent (a run reference, a query's words), and a token pasted in the wrong place must not be sent back:
 * the dashboard shows these, proxies log them. An encoded piece is cut decoded (`lle%5FAbc…` shows as `lle_Abc…`).
 */
export function cutSecrets(text: string): string {
  return text.replace(SECRET_LIKE, (secret) => `${decoded(secret).slice(0, SHOWN_LENGTH)}…`);
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
