import { SECRET_NAME } from './secret-names';
import { secretRedactor } from './secret-redactor';

/**
 * Whether a header carries a credential: Authorization and its proxy form, Azure's `api-key`, `x-api-key`, cookies, and
 * any name that says key, token, secret, pass, pwd, auth, sig or cred (`x-goog-api-key`, `x-auth-token`, `openai-secret`,
 * `x-passphrase`, `x-signature`, `x-credential`).
 */
function isCredentialHeader(name: string): boolean {
  return /^cookie$/i.test(name) || SECRET_NAME.test(name);
}

/** Shorter values are left alone: replacing "ab" everywhere would mangle the message without protecting anything. */
const MIN_SECRET_LENGTH = 4;

/** What a request's headers give away if an API echoes them back, and whether any of them is a credential. */
export interface RequestSecrets {
  /** Whether the request sends a credential (an API key in any header, not only the apiKey option). */
  hasCredential: boolean;
  /** The names of the headers that carry one, as sent (lower case). */
  headerNames: string[];
  /** Replaces every credential the request sends with `***`, in any spelling an API echoes it in (see secretRedactor). */
  redact: (text: string) => string;
}

/**
 * The credentials in the headers a request sends: each credential header's whole value, and the parts of it an API
 * may echo on their own (the token after `Bearer `, a Basic pair decoded and its password); `alsoSecret`: values to
 * redact even if no header sends them (the apiKey option when a header replaced ours, a key in baseURL's query).
 */
export function requestSecrets(headers: Record<string, string>, alsoSecret: ReadonlyArray<string | undefined> = []): RequestSecrets {
  const headerNames: string[] = [];
  const secrets = new Set<string>();
  for (const secret of alsoSecret) if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) secrets.add(secret);
  for (const [name, value] of Object.entries(headers)) {
    if (!isCredentialHeader(name) || value.trim() === '') continue;
    headerNames.push(name);
    for (const part of credentialParts(value)) if (part.length >= MIN_SECRET_LENGTH) secrets.add(part);
  }
  return {
    hasCredential: headerNames.length > 0,
    headerNames,
    redact: secretRedactor(secrets),
  };
}

function credentialParts(value: string): string[] {
  const whole = value.trim();
  const parts = [value, whole];
  // `Bearer sk-…`, `Token …`, `Basic dXNlcjpwYXNz`: an API echoing the key usually quotes the token alone.
  const scheme = /^(\S+)\s+(.+)$/.exec(whole);
  if (scheme) {
    const token = scheme[2]!.trim();
    parts.push(token);
    if (scheme[1]!.toLowerCase() === 'basic') {
      const pair = Buffer.from(token, 'base64').toString('utf8');
      const colon = pair.indexOf(':');
      if (colon >= 0) parts.push(pair, pair.slice(colon + 1));
    }
  }
  return parts;
}
