/** Han, Hiragana and Katakana characters: scripts written without spaces between words. */
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const HAS_NON_ASCII = /[^\x00-\x7f]/;

/**
 * Surrounds each Chinese/Japanese character with spaces so it becomes its own token, as the MLQA
 * and sacrebleu "zh" evaluations do; without it a whole CJK sentence would be a single token.
 * @internal
 */
export function splitCjk(text: string): string {
  if (!HAS_NON_ASCII.test(text)) return text;
  return text.replace(CJK_CHAR, ' $& ');
}
