/** Python's `string.punctuation`: the 32 ASCII punctuation characters, and nothing else. */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/**
 * `\b(a|an|the)\b` as Python 3's `re` reads it: a word character there is `str.isalnum()` or `_`, which is exactly
 * a letter (L*), a number (N*) or `_` (checked over every code point). JavaScript's own `\b` is ASCII-only, so
 * "éthe" would lose its "the" with it.
 */
const ARTICLE = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/** The characters Python's `str.split()` splits on (`str.isspace()`), which differ from JavaScript's `\s`. */
const PYTHON_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/**
 * `normalize_answer` of the official SQuAD v1.1 evaluation script: lowercase (`str.lower`, the same full Unicode
 * mapping as `toLowerCase` for every character of Unicode 14), delete the ASCII punctuation of
 * `string.punctuation` (so "don't" is "dont" and "«a»" keeps its guillemets), replace the whole words a, an, the
 * by a space, and collapse whitespace. No Unicode normalisation.
 * @internal
 */
export function squadNormalizeAnswer(text: string): string {
  const lowered = text.toLowerCase();
  const withoutPunctuation = lowered.replace(PUNCTUATION, '');
  const withoutArticles = withoutPunctuation.replace(ARTICLE, ' ');
  return squadSplit(withoutArticles).join(' ');
}

/** `normalize_answer(text).split()`: the tokens SQuAD's `f1_score` counts. @internal */
export function squadTokens(text: string): string[] {
  return squadSplit(squadNormalizeAnswer(text));
}

/** Python's `str.split()` without arguments: split on runs of whitespace, no empty strings. */
function squadSplit(text: string): string[] {
  return text.split(PYTHON_WHITESPACE).filter((token) => token !== '');
}
