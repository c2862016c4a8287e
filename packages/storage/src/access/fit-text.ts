import { encodeText } from '../repositories/stored-text';

/**
 * `text` cut so that its stored form (see stored-text.ts) fits `max` characters, marked with a trailing "…" when cut.
 * The audit log records what it is given rather than refusing a too-long actor or id: a failed authentication with a
 * 10,000-character header must still leave its entry. @internal
 */
export function fitText(text: string, max: number): string {
  if (encodeText(text).length <= max) return text;
  let cut = text.slice(0, max - 1);
  while (cut.length > 0 && encodeText(cut).length > max - 1) cut = cut.slice(0, -1);
  return `${cut}…`;
}
