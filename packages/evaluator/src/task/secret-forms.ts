/**
 * Secrets this long or longer are also looked for encoded (base64, hex), upper- or lower-cased, HTML-escaped and broken
 * over lines. A shorter one only as written, percent-encoded or JSON-escaped: its other spellings are too likely to be
 * ordinary words or numbers of a message.
 */
export const LONG_SECRET_LENGTH = 8;

/**
 * The ways an API may write `secret` when it echoes it back, the secret itself first: percent-encoded (a Location's
 * query, a form), form-encoded, JSON-escaped (PHP's `\/`); and of a long secret also upper and lower case (a
 * case-folding error page), hex (lower and upper), and base64, standard and URL-safe, with or without padding, alone
 * or inside a longer base64 text (a JWT's payload, a base64 JSON dump).
 */
export function secretForms(secret: string): string[] {
  const percent = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = [secret, percent, percent.replace(/%20/g, '+'), percent.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()), json, json.replace(/\//g, '\\/')];
  if (secret.length >= LONG_SECRET_LENGTH) {
    const bytes = Buffer.from(secret, 'utf8');
    const hex = bytes.toString('hex');
    forms.push(secret.toUpperCase(), secret.toLowerCase(), hex, hex.toUpperCase(), ...base64Forms(bytes));
  }
  return [...new Set(forms)];
}

/**
 * Base64 of the secret's bytes, standard and URL-safe. Inside a longer base64 text the secret starts at any of three
 * byte offsets and its characters come out differently for each: of offsets 1 and 2, the groups of four that only the
 * secret's bytes make (what a search for a long part of the secret then finds).
 */
function base64Forms(bytes: Buffer): string[] {
  const alone = bytes.toString('base64');
  const forms = [alone, alone.replace(/=+$/, '')];
  for (const offset of [1, 2]) {
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const wholeGroups = Math.floor((offset + bytes.length) / 3);
    if (wholeGroups > 1) forms.push(shifted.slice(4, 4 * wholeGroups));
  }
  return forms.flatMap((form) => [form, form.replace(/\+/g, '-').replace(/\//g, '_')]);
}
