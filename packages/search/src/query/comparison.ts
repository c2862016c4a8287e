import type { Comparison } from './filter';
import { matchPhrase, type RuleContext } from './rule';

/** A comparison operator found in a query. */
export interface ParsedComparison {
  readonly op: Comparison;
  /** Index of the first token after the operator. */
  readonly end: number;
  /** Position of the operator in the query text, for errors. */
  readonly position: number;
  /** The operator as typed, for errors (`>`, `at least`). */
  readonly written: string;
  /** True for `>`, `<=` …: a value must follow, or the query is a syntax error. */
  readonly symbolic: boolean;
  /** True when the operator was only "is" ("accuracy is 0.9"): without a number after it, it is no comparison. */
  readonly weak: boolean;
}

const SYMBOLS: Readonly<Record<string, Comparison>> = {
  '>': '>', '>=': '>=', '=>': '>=', '\u2265': '>=',
  '<': '<', '<=': '<=', '=<': '<=', '\u2264': '<=',
  '=': '=', '==': '=', '!=': '!=', '<>': '!=', '\u2260': '!=',
};

/** Word operators; longer phrases win ("no more than" before "more than"). */
const WORD_OPERATORS: ReadonlyMap<string, Comparison> = new Map<string, Comparison>([
  ['above', '>'], ['over', '>'], ['more than', '>'], ['greater than', '>'], ['higher than', '>'], ['larger than', '>'],
  ['bigger than', '>'], ['exceeds', '>'], ['exceeding', '>'], ['exceed', '>'], ['beyond', '>'],
  ['longer than', '>'], ['slower than', '>'],
  ['below', '<'], ['under', '<'], ['less than', '<'], ['lower than', '<'], ['smaller than', '<'], ['fewer than', '<'],
  ['shorter than', '<'], ['faster than', '<'], ['quicker than', '<'],
  ['at least', '>='], ['no less than', '>='], ['no lower than', '>='], ['no fewer than', '>='],
  ['at most', '<='], ['no more than', '<='], ['no higher than', '<='], ['up to', '<='],
  ['equals', '='], ['equal to', '='], ['equals to', '='], ['exactly', '='],
  ['not equal to', '!='], ['does not equal', '!='], ['different from', '!='],
]);
const WORD_OPERATOR_PHRASES = [...WORD_OPERATORS.keys()];
/** Word operators that also name what they measure: "longer than" is a duration, "slower than" a response time. */
const MEASURE_OPERATORS: ReadonlySet<string> = new Set(['longer than', 'shorter than', 'slower than', 'faster than', 'quicker than']);

/** True when the operator names its own measure ("longer than 1h", "not slower than 2s"), so it cannot reuse another's. */
export function namesMeasure(comparison: ParsedComparison): boolean {
  return [...MEASURE_OPERATORS].some((phrase) => comparison.written.toLowerCase().endsWith(phrase));
}
const FILLERS = new Set(['is', 'was', 'are', 'were', 'be', 'of', 'being']);
const NOT_WORDS = new Set(['not', "isn't", "aren't", "wasn't", "weren't", 'isnt', 'arent']);

/** Every word that can start an operator (for the list of reserved words). */
export const OPERATOR_WORDS: ReadonlySet<string> = new Set([
  ...WORD_OPERATOR_PHRASES.map((p) => p.split(' ')[0]!),
  ...NOT_WORDS,
]);

const INVERSE: Readonly<Record<Comparison, Comparison>> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>', '=': '!=', '!=': '=' };

/** Reads an operator at `i`: a symbol, a word operator, "is", "is not", "not above" …; null when there is none. */
export function parseComparison(ctx: RuleContext, i: number): ParsedComparison | null {
  let j = i;
  let sawFiller = false;
  while (ctx.tokens[j]?.kind === 'word' && FILLERS.has(ctx.tokens[j]!.lower)) {
    sawFiller = true;
    j++;
  }
  const token = ctx.tokens[j];
  if (!token) return null;
  if (token.kind === 'word' && NOT_WORDS.has(token.lower)) {
    const inner = plainOperator(ctx, j + 1);
    if (inner) return { ...inner, op: INVERSE[inner.op], written: `${token.text} ${inner.written}` };
    return { op: '!=', end: j + 1, position: token.start, written: token.text, symbolic: false, weak: false };
  }
  const plain = plainOperator(ctx, j);
  if (plain) return plain;
  // "accuracy is 0.9", "success rate of 100%"; "of" alone only before a number ("tokens of gpt-4o" is no comparison).
  if (sawFiller && (ctx.tokens[j - 1]?.lower !== 'of' || /^[$€£]?[+-]?\.?\d/.test(ctx.tokens[j]?.text ?? ''))) {
    return { op: '=', end: j, position: ctx.tokens[j - 1]!.start, written: ctx.tokens[j - 1]!.text, symbolic: false, weak: true };
  }
  return null;
}

function plainOperator(ctx: RuleContext, j: number): ParsedComparison | null {
  const token = ctx.tokens[j];
  if (!token) return null;
  if (token.kind === 'op') {
    const op = SYMBOLS[token.text];
    return op ? { op, end: j + 1, position: token.start, written: token.text, symbolic: true, weak: false } : null;
  }
  const phrase = matchPhrase(ctx, j, WORD_OPERATOR_PHRASES);
  if (!phrase) return null;
  return { op: WORD_OPERATORS.get(phrase[0])!, end: phrase[1], position: token.start, written: phrase[0], symbolic: false, weak: false };
}

