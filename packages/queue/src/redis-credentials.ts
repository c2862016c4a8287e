/**
 * Credentials a Redis server may quote back. The server sees the URL's password in AUTH and some servers put what
 * they were sent into the error they reply (Redis with AUTH renamed: `ERR unknown command 'auth', with args beginning
 * with: 'secret'`; proxies and look-alikes: `WRONGPASS invalid password 'alice secret'`). Every message built from
 * such an error would show it, so the client hides them in the error itself, before anyone reads it
 * (CredentialHidingRedis), and the messages built from an error hide them again.
 */

/** What a hidden credential is shown as (as @llm-eval/storage shows a database URL's password). */
const MASK = '***';
/** A credential this short is masked only where it stands alone: masked inside words it would garble every message. */
const MIN_SUBSTRING = 3;
/**
 * How much of a credential shows that it is there: Redis cuts the arguments it quotes at 128 characters, so a long
 * password may appear with its end cut off. From this many of its first characters on, the rest that follows is hidden.
 */
const HEAD = 8;

/** The credentials a client sends in AUTH: the password, and a user name sent without one (as a lone URL user info is read). @internal */
export function redisCredentials(options: { username?: string; password?: string }): string[] {
  const { username, password } = options;
  return [password, password ? undefined : username].filter((secret): secret is string => !!secret);
}

/** The credentials of a queue URL, decoded as ioredis decodes them; none for a URL that does not parse. @internal */
export function urlCredentials(url: string): string[] {
  try {
    const parsed = new URL(url.trim());
    return redisCredentials({ username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) });
  } catch {
    return [];
  }
}

/**
 * Every spelling of a credential a reply may hold: as sent, percent-encoded, line breaks made spaces (as Redis does),
 * and in base64 (as a proxy may log what it was sent), which anyone decodes.
 */
function spellings(secret: string): string[] {
  const base64 = Buffer.from(secret).toString('base64');
  const forms = [secret, encodeURIComponent(secret), secret.replace(/[\r\n]/g, ' '), base64, base64.replace(/=+$/, '')];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** True when the character before `from` or the one at `to` is a letter or digit: the text there is part of a word. */
function insideWord(text: string, from: number, to: number): boolean {
  return /[\p{L}\p{N}]$/u.test(text.slice(Math.max(0, from - 2), from)) || /^[\p{L}\p{N}]/u.test(text.slice(to, to + 2));
}

/** `text` with each of `credentials` hidden: whole, or from its first HEAD characters on as far as the text goes on with it. @internal */
export function maskCredentials(text: string, credentials: readonly string[]): string {
  const hidden = new Array<boolean>(text.length).fill(false);
  for (const form of credentials.flatMap(spellings)) {
    const head = form.slice(0, HEAD);
    for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + 1)) {
      let end = at + head.length;
      while (end - at < form.length && text[end] === form[end - at]) end++;
      if (form.length < MIN_SUBSTRING && insideWord(text, at, end)) continue;
      hidden.fill(true, at, end);
    }
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!hidden[i]) out += text[i];
    else if (i === 0 || !hidden[i - 1]) out += MASK;
  }
  return out;
}

/** Hides `credentials` in an error's message and stack, in place, so that every reader of the error sees them hidden. @internal */
export function hideCredentialsIn(error: unknown, credentials: readonly string[]): void {
  if (credentials.length === 0 || !(error instanceof Error)) return;
  error.message = maskCredentials(error.message, credentials);
  if (typeof error.stack === 'string') error.stack = maskCredentials(error.stack, credentials);
}
