import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every secret starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_SECRET_PREFIX = 'lle_';

/** `lle_` and the base64url form of 32 random bytes (43 characters). */
const SECRET_PATTERN = /^lle_[A-Za-z0-9_-]{43}$/;
/** What `tokens list` shows of a secret: `lle_` and 8 more characters. */
const PREFIX_PATTERN = /^lle_[A-Za-z0-9_-]{8}$/;

/** A new secret: 256 random bits. @internal */
export function generateSecret(): string {
  return TOKEN_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

/** Whether text has the form of a secret (checked before any query). @internal */
export function isSecretShaped(text: unknown): text is string {
  return typeof text === 'string' && SECRET_PATTERN.test(text);
}

/** Whether text has the form of a secret's displayed prefix. @internal */
export function isPrefixShaped(text: string): boolean {
  return PREFIX_PATTERN.test(text);
}

/** Lower-case hex sha256 of a secret: all that is stored of it. @internal */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The displayed prefix of a secret. @internal */
export function prefixOf(secret: string): string {
  return secret.slice(0, 12);
}

/** Compares two hex hashes in constant time. @internal */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}

/**
 * How a token reference may be repeated in a message: never more of something secret-looking than its prefix, and
 * never a long or multi-line input whole (the server's 404 for a token outside a scoped admin's projects quotes it so
 * too). @internal
 */
export function safeReference(reference: unknown): string {
  const text = typeof reference === 'string' ? reference : String(reference);
  if (/^lle_/i.test(text) && text.length > 12) return `${text.slice(0, 12)}…`;
  const printable = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  // An id (a UUID) or a prefix is shown whole; anything longer may be a secret pasted without its `lle_` (40 of its 43
  // characters were quoted back): only its first 8 characters, as `tokens list` shows of a secret.
  if (printable.length <= 12 || (printable.length <= 36 && /^[0-9a-f-]+$/i.test(printable))) return printable;
  return `${printable.slice(0, 8)}…`;
}
