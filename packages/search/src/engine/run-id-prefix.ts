/** The fewest hex digits an id prefix needs (like git's short hashes). */
export const MIN_ID_PREFIX_DIGITS = 4;

const HEX_AND_DASHES_RE = /^[0-9a-f-]{1,36}$/i;

/**
 * The lower-case hex digits of a reference that reads as a run id prefix, or undefined when it does not: only hex
 * digits and dashes, and at least 4 (at most 32) digits once the dashes are removed. Counting the digits, not the
 * characters, matters: `----` has none, and an empty prefix would match every run, so it is read as a name only.
 */
export function idPrefixOf(reference: string): string | undefined {
  if (!HEX_AND_DASHES_RE.test(reference)) return undefined;
  const hex = reference.replace(/-/g, '').toLowerCase();
  return hex.length >= MIN_ID_PREFIX_DIGITS && hex.length <= 32 ? hex : undefined;
}
