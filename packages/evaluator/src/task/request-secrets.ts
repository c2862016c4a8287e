/**
 * Header names that carry a credential: Authorization and its proxy form, Azure's `api-key`, `x-api-key`, cookies, and
 * any name that says key, token, secret, password or auth (`x-goog-api-key`, `x-auth-token`, `openai-secret`).
 */
const CREDENTIAL_HEADER = /^(?:proxy-)?authorization$|^cookie$|key|token|secret|passw|auth/i;

/** Shorter values are left alone: replacing "ab" everywhere would mangle the message without protecting anything. */
const MIN_SECRET_LENGTH = 4;

/** What a request's headers give away if an API echoes them back, and whether any of them is a credential. */
export interface RequestSecrets {
  /** Whether the request sends a credential (an API key in any header, not only the apiKey option). */
  hasCredential: boolean;
  /** The names of the headers that carry one, as sent (lower case). */
  headerNames: string[];
  /** Replaces every credential the request sends with `***`. */
  redact: (text: string) => string;
}

/**
 * The credentials in the headers a request sends: each credential header's whole value, and the parts of it an API
 * may echo on their own (the token after `Bearer `, a Basic pair decoded and its password); `alsoSecret`: values to
 * redact even if no header sends them (the apiKey option when a header replaced ours).
 */
export function requestSecrets(headers: Record<string, string>, alsoSecret: ReadonlyArray<string | undefined> = []): RequestSecrets {
  const headerNames: string[] = [];
  const secrets = new Set<string>();
  for (const secret of alsoSecret) if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) secrets.add(secret);
  for (const [name, value] of Object.entries(headers)) {
    if (!CREDENTIAL_HEADER.test(name) || value.trim() === '') continue;
    headerNames.push(name);
    for (const part of credentialParts(value)) if (part.length >= MIN_SECRET_LENGTH) secrets.add(part);
  }
  // As an API may echo them: percent-encoded (a Location's query, a form), form-encoded, and JSON-escaped (PHP's \/).
  for (const secret of [...secrets]) for (const form of encodedForms(secret)) secrets.add(form);
  // Longest first, so a whole value is replaced before a part of it would leave its rest behind.
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  return {
    hasCredential: headerNames.length > 0,
    headerNames,
    redact: (text) => ordered.reduce((redacted, secret) => redacted.split(secret).join('***'), text),
  };
}

/** The ways a secret is written inside a URL or JSON text, when they differ from the secret itself. */
function encodedForms(secret: string): string[] {
  const percent = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  return [percent, percent.replace(/%20/g, '+'), percent.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()), json, json.replace(/\//g, '\\/')]
    .filter((form) => form !== secret);
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
