import { misreadPieces, occurrenceSpans, passwordForms } from './password-forms';
import { hideSpans, MASK, redactSecrets } from './redact-url';
import { secretNameTailSpan } from './secret-name-tail';

/**
 * What a quoted text is: free text, or a query parameter's name or value as decoded from the URL, where whatever
 * follows a secret-looking name is a secret, however it is separated (see secretNameTailSpan).
 * @internal
 */
export type QuotedKind = 'text' | 'parameter';

/**
 * Masks every run of `min` or more characters of `text` that also occurs in one of `secrets`, so that no piece of a
 * secret survives in text quoted from a misread URL, however a parser cut it up.
 */
function maskSecretOverlaps(text: string, secrets: readonly string[], min = 3): string {
  const longEnough = secrets.filter((secret) => secret.length >= min);
  if (longEnough.length === 0) return text;
  const hidden = new Array<boolean>(text.length).fill(false);
  for (let start = 0; start + min <= text.length; start++) {
    let end = start + min;
    if (!longEnough.some((secret) => secret.includes(text.slice(start, end)))) continue;
    while (end < text.length && longEnough.some((secret) => secret.includes(text.slice(start, end + 1)))) end++;
    hidden.fill(true, start, end);
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!hidden[i]) out += text[i];
    else if (i === 0 || !hidden[i - 1]) out += MASK;
  }
  return out;
}

/**
 * A masker for text quoted from `url` in an error's reason: the password is masked wherever it shows whole, in every
 * spelling (see passwordForms), and so are any URL or secret-looking `name=value` in the text. Nothing else is, so a
 * quoted value reads as typed, unless the URL's password holds a `/`, `?` or `#` (see misreadPieces): then any run of
 * 3 or more of its characters is masked too, as the text may be a piece of it however a parser cut it up. A quoted
 * parameter (kind 'parameter') also has everything after a secret-looking name at its start masked.
 * @internal
 */
export function quotedTextMasker(url: string): (text: string, kind?: QuotedKind) => string {
  const forms = passwordForms(url);
  const pieces = misreadPieces(url);
  return (text, kind = 'text') => {
    const tail = kind === 'parameter' ? secretNameTailSpan(text) : undefined;
    const masked = redactSecrets(hideSpans(text, [...occurrenceSpans(text, forms), ...(tail ? [tail] : [])]), []);
    return pieces.length === 0 ? masked : maskSecretOverlaps(redactSecrets(masked, pieces), pieces);
  };
}
