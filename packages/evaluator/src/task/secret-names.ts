/**
 * The words that mark a header or a query parameter as carrying a credential: key, token, secret, pass (password,
 * passphrase), pwd, auth (Authorization), sig (signature, Azure's SAS `sig`) and cred (credential). As storage masks
 * database URLs and the server its request log: `x-api-key`, `x-auth-token`, `?api-key=`, `?access_token=`, `?sig=`.
 */
export const SECRET_NAME = /key|token|secret|pass|pwd|auth|sig|cred/i;

/** Whether a query parameter's name, as written or percent-decoded (`%6Bey` is `key` to the server), says secret. */
export function isSecretParamName(name: string): boolean {
  return SECRET_NAME.test(name) || SECRET_NAME.test(decodeQueryText(name));
}

/** A query string's name or value as the server reads it: `+` is a space, then percent-decoded (as written when malformed). */
export function decodeQueryText(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
