const FENCE = '```';
/** A language tag character (ASCII word characters and `+ . -`: c++, objective-c, vnd.api+json). */
const TAG_CHAR = /[\w+.-]/;
const WHITESPACE = /\s/;

/**
 * `text` without surrounding whitespace and, when the whole text is one markdown code fence (```json … ```,
 * ``` … ```, any language tag), the fence's content without surrounding whitespace. The tag must be followed by
 * whitespace so that ```true``` is read as the content `true`. Text around a fence ("Here you go: ```json …```")
 * is left as it is.
 *
 * Written with index arithmetic, not one regex: a regex with a lazy body between two `\s*` backtracks in cubic time
 * on an opening fence followed by a long run of whitespace, and model outputs are untrusted text.
 * @internal
 */
export function stripCodeFence(text: string): string {
  const trimmed = text.trim();
  // Six characters at least: the opening and the closing fence must not overlap.
  if (trimmed.length < 2 * FENCE.length || !trimmed.startsWith(FENCE) || !trimmed.endsWith(FENCE)) return trimmed;
  const end = trimmed.length - FENCE.length;
  let start = FENCE.length;
  let tagEnd = start;
  while (tagEnd < end && TAG_CHAR.test(trimmed[tagEnd] as string)) tagEnd++;
  if (tagEnd > start && tagEnd < end && WHITESPACE.test(trimmed[tagEnd] as string)) start = tagEnd;
  return trimmed.slice(start, end).trim();
}
