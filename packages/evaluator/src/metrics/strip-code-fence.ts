/**
 * A whole-string markdown code fence: ```json … ```, ``` … ```, any language tag. The tag must be
 * followed by whitespace so that ```true``` is read as the content `true`.
 */
const FENCE = /^```(?:[\w+.-]+(?=\s))?\s*([\s\S]*?)\s*```$/;

/**
 * `text` without surrounding whitespace and, when the whole text is one markdown code fence, the
 * fence's content. Text around a fence ("Here you go: ```json …```") is left as it is.
 * @internal
 */
export function stripCodeFence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('```')) return trimmed;
  return FENCE.exec(trimmed)?.[1] ?? trimmed;
}
