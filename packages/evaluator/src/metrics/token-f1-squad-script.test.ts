import { createRng } from '@llm-eval/stats';
import { createTokenF1 } from './token-f1';
import { testContext } from './test-context';

/*
 * A line-by-line TypeScript port of the official SQuAD v1.1 evaluation script (evaluate-v1.1.py), with the
 * Python quoted above each line, to compare `token_f1` against on thousands of generated cases. It is written
 * independently of squad-normalize.ts: it walks code points one by one instead of using regular expressions.
 */

/** Python's str.isspace() (checked over every code point with Python 3.11 / Unicode 14). */
const PY_WHITESPACE = new Set([
  0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);
/** Python's string.punctuation, verbatim. */
const STRING_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
/** `\w` of Python's `re` on str: isalnum() or "_", which over every code point is exactly categories L*, N* and "_". */
const isWord = (ch: string | undefined) => ch !== undefined && /^[\p{L}\p{N}_]$/u.test(ch);

/** Python's text.split() with no argument. */
function pySplit(text: string): string[] {
  const words: string[] = [];
  let current = '';
  for (const ch of text) {
    if (PY_WHITESPACE.has(ch.codePointAt(0)!)) {
      if (current !== '') words.push(current);
      current = '';
    } else current += ch;
  }
  if (current !== '') words.push(current);
  return words;
}

// def normalize_answer(s):
function normalize_answer(s: string): string {
  //     def remove_articles(text):
  //         return re.sub(r'\b(a|an|the)\b', ' ', text)
  function remove_articles(text: string): string {
    const chars = [...text];
    const boundary = (i: number) => isWord(chars[i - 1]) !== isWord(chars[i]);
    let out = '';
    let i = 0;
    while (i < chars.length) {
      let matched = 0;
      if (boundary(i)) {
        // The alternatives in order; each must end at a word boundary (\b).
        for (const word of ['a', 'an', 'the']) {
          if (chars.slice(i, i + word.length).join('') === word && boundary(i + word.length)) {
            matched = word.length;
            break;
          }
        }
      }
      if (matched) {
        out += ' ';
        i += matched;
      } else {
        out += chars[i];
        i += 1;
      }
    }
    return out;
  }
  //     def white_space_fix(text):
  //         return ' '.join(text.split())
  function white_space_fix(text: string): string {
    return pySplit(text).join(' ');
  }
  //     def remove_punc(text):
  //         exclude = set(string.punctuation)
  //         return ''.join(ch for ch in text if ch not in exclude)
  function remove_punc(text: string): string {
    const exclude = new Set(STRING_PUNCTUATION);
    return [...text].filter((ch) => !exclude.has(ch)).join('');
  }
  //     def lower(text):
  //         return text.lower()
  function lower(text: string): string {
    return text.toLowerCase();
  }
  //     return white_space_fix(remove_articles(remove_punc(lower(s))))
  return white_space_fix(remove_articles(remove_punc(lower(s))));
}

// def f1_score(prediction, ground_truth):
function f1_score(prediction: string, ground_truth: string): number {
  //     prediction_tokens = normalize_answer(prediction).split()
  const prediction_tokens = pySplit(normalize_answer(prediction));
  //     ground_truth_tokens = normalize_answer(ground_truth).split()
  const ground_truth_tokens = pySplit(normalize_answer(ground_truth));
  //     common = Counter(prediction_tokens) & Counter(ground_truth_tokens)
  const counter = (tokens: string[]) => tokens.reduce((c, t) => c.set(t, (c.get(t) ?? 0) + 1), new Map<string, number>());
  const truth = counter(ground_truth_tokens);
  const common = [...counter(prediction_tokens)].map(([t, n]) => Math.min(n, truth.get(t) ?? 0));
  //     num_same = sum(common.values())
  const num_same = common.reduce((a, b) => a + b, 0);
  //     if num_same == 0:
  //         return 0
  if (num_same === 0) return 0;
  //     precision = 1.0 * num_same / len(prediction_tokens)
  const precision = (1.0 * num_same) / prediction_tokens.length;
  //     recall = 1.0 * num_same / len(ground_truth_tokens)
  const recall = (1.0 * num_same) / ground_truth_tokens.length;
  //     f1 = (2 * precision * recall) / (precision + recall)
  //     return f1
  return (2 * precision * recall) / (precision + recall);
}

const WORDS = ['paris', 'Paris', 'PARIS', 'cat', 'Cat', 'the', 'The', 'THE', 'a', 'A', 'an', 'An', 'anthe', 'theatre',
  'café', 'cafe\u0301', 'Über', 'über', 'ΟΔΟΣ', 'οδος', '北京', '北', '京', '市', 'İstanbul', 'istanbul', '42', '3.14',
  '1,000', '$100', '100', 'don\'t', 'dont', 'a_the', '_the', 'the_', 'x', 'y', '😀', '❤️', '€5', 'ǅ', ''];
const JOINERS = [' ', ' ', ' ', '  ', '\t', '\n', '\x1c', '\x85', '\u00a0', '\u3000', '\ufeff', '\u200b', '', '-', '_',
  '.', ',', '!', '?', '\'', '"', '(', ')', '$', '@', '«', '»', '—', '。', '、', '‘', '’', '/', '\\', '~'];

/** One generated text: random words, each followed by a random joiner (space, odd whitespace, punctuation, nothing). */
function text(random: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  let out = '';
  const words = Math.floor(random() * 7);
  for (let i = 0; i < words; i++) out += pick(WORDS) + pick(JOINERS);
  return out;
}

describe('token_f1 against a transcription of the SQuAD v1.1 script', () => {
  const metric = createTokenF1();
  const context = testContext();

  it('agrees on the hand-picked edge cases', () => {
    for (const [p, g] of [['', ''], ['the', ''], ['$', '$'], ['éthe', 'the'], ['x\u0085y', 'x y'], ['a\ufeffb', 'a b']]) {
      expect(metric(p, g, undefined, context)).toBe(f1_score(p!, g!));
    }
  });

  it('has 0 differences over 4,000 seeded random cases with symbols, articles, Unicode and empties', () => {
    const random = createRng(20261202);
    const differences: Array<{ prediction: string; truth: string; ours: unknown; squad: number }> = [];
    const seen = { zero: 0, partial: 0, one: 0 };
    for (let i = 0; i < 4_000; i++) {
      const prediction = text(random);
      // Most truths share words with the prediction, so scores between 0 and 1, and exactly 1, are common.
      const kind = random();
      const truth =
        kind < 0.4
          ? text(random)
          : kind < 0.75
            ? prediction.slice(0, Math.floor(random() * (prediction.length + 1))) + text(random)
            : ` ${prediction.toUpperCase()}. `;
      const squad = f1_score(prediction, truth);
      const ours = metric(prediction, truth, undefined, context);
      if (ours !== squad) differences.push({ prediction, truth, ours, squad });
      if (squad === 0) seen.zero++;
      else if (squad === 1) seen.one++;
      else seen.partial++;
    }
    expect(differences.slice(0, 5)).toEqual([]);
    // The generated cases cover every kind of outcome.
    expect(Math.min(seen.zero, seen.partial, seen.one)).toBeGreaterThan(300);
  });
});
