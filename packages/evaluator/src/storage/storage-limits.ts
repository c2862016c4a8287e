import { storedLength, storedPrefix } from '@llm-eval/storage/limits';

/**
 * What storage accepts for one item comes from `@llm-eval/storage/limits`, a module of storage that imports nothing,
 * so the evaluator records only values storage will keep without loading the database stack (storeRuns: false loads
 * no database module). What is the evaluator's own: how a cut is marked.
 */
export { ITEM_NUMBER_LIMITS, MAX_STORED_TEXT, storedLength, storedPrefix } from '@llm-eval/storage/limits';

/**
 * `text` cut to at most `max` characters as stored, saying how much was cut (`…[truncated N characters]`, N in
 * UTF-16 units of the original, as truncateText says it). Text within the limit comes back as it is. @internal
 */
export function truncateStoredText(text: string, max: number): string {
  if (storedLength(text) <= max) return text;
  const kept = storedPrefix(text, max);
  return `${kept}…[truncated ${text.length - kept.length} characters]`;
}
