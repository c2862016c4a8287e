import { splitCjk } from './split-cjk';

/** What may follow an emoji inside one sequence: a skin-tone modifier, a variation selector, a keycap. */
const EMOJI_MARK = String.raw`(?:\p{EMod}|[\uFE0E\uFE0F]|\u20E3)`;
/**
 * One emoji as a reader sees it: a flag (two regional indicators), a keycap (1️⃣, #️⃣), or a pictograph with its
 * modifiers, a tag sequence (🏴 + tags, the flag of England) and `\u200D`-joined pictographs (👨‍👩‍👧). Each part is
 * a disjoint character class, so the pattern cannot backtrack.
 */
const EMOJI =
  String.raw`\p{RI}\p{RI}|[0-9#*]\uFE0F?\u20E3|` +
  String.raw`\p{Extended_Pictographic}${EMOJI_MARK}*(?:[\u{E0020}-\u{E007E}]+\u{E007F})?` +
  String.raw`(?:\u200D\p{Extended_Pictographic}${EMOJI_MARK}*)*`;
/** An emoji, or a punctuation or symbol character except `.` and `,` between two digits (3.14, 1,000). */
const SEPARATE = new RegExp(String.raw`${EMOJI}|(?!(?<=\d)[.,](?=\d))[\p{P}\p{S}]`, 'gu');
const WHITESPACE = /\s+/u;

/**
 * BLEU tokens, close to sacrebleu's 13a tokenizer: lowercase, NFC, every punctuation or symbol
 * character its own token except `.`/`,` inside numbers, every emoji its own token (with its skin tone, variation
 * selector or keycap, as a flag or a `\u200D`-joined sequence: splitting 👍🏽 into 👍 and 🏽 would match a different
 * emoji), each Chinese/Japanese character its own token, then split on whitespace.
 * @internal
 */
export function bleuTokens(text: string): string[] {
  const spaced = splitCjk(text.toLowerCase().normalize('NFC').replace(SEPARATE, ' $& '));
  return spaced.split(WHITESPACE).filter((token) => token !== '');
}
