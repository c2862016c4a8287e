import type { Token } from './tokenize';

/** Words that call an item's answer wrong, which no item condition means by itself. */
const WRONG_WORDS: ReadonlySet<string> = new Set(['wrong', 'incorrect', 'incorrectly']);

/**
 * A hint for "wrong answers" or "incorrect items" searched as text: a wrong answer is a low score on one of the run's
 * metrics (which one, and how low, the query does not say), while a failed item is one whose call errored. The example
 * names the run's first metric. `freeText` is what the item query searched as text; a quoted "wrong" is text on purpose.
 */
export function wrongAnswerHints(tokens: readonly Token[], freeText: readonly string[], metrics: readonly string[]): string[] {
  const example = `${metrics[0] ?? 'exact_match'} < 0.5`;
  const searched = new Set(freeText.flatMap((phrase) => phrase.toLowerCase().split(/\s+/)));
  const words = tokens.filter((t) => t.kind === 'word' && WRONG_WORDS.has(t.lower) && searched.has(t.lower)).map((t) => t.lower);
  return [...new Set(words)].map(
    (word) => `"${word}" has no one meaning over items: for answers that scored low, write a score condition such as "${example}"; for items whose call errored, "failed items"`,
  );
}
