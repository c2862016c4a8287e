import { QuerySyntaxError } from '../errors';
import { quote } from './explain';
import { negatedListAt } from './negated-lists';
import { firstMatch, sliceTokens, type Rule, type RuleContext } from './rule';
import { controlCharacterWarnings, type Token } from './tokenize';

/** Largest limit a query may ask for. */
export const MAX_LIMIT = 1000;

/** How one parser builds its nodes; the run and item parsers share the loop below. */
export interface Grammar<N, S> {
  /** Rules tried in order at each token; the first that matches wins. */
  readonly rules: readonly Rule<N, S>[];
  readonly text: (text: string) => N;
  readonly not: (node: N) => N;
  readonly or: (children: N[]) => N;
  readonly and: (children: N[]) => N;
  /** The children of an `and` (or `or`) node, to flatten nested ones. */
  readonly childrenOf: (node: N, kind: 'and' | 'or') => N[] | undefined;
  /** What a `not` node negates; undefined for any other node. */
  readonly negatedOf: (node: N) => N | undefined;
  /** `list` and `next` as one condition when `next` is another value of the same field, else undefined. */
  readonly listed: (list: N, next: N) => N | undefined;
  /** A condition requiring several values of one field as the condition that any holds (for a negation), else undefined. */
  readonly either?: (node: N) => N | undefined;
}

/** Everything a query was understood to say, before it is explained. */
export interface Assembled<N, S> {
  filter: N | null;
  sort?: S;
  limit?: number;
  freeText: string[];
  warnings: string[];
  /** How time conditions were written ("last week"), keyed by node. */
  labels: Map<N, string>;
  /** Words consumed as meaning nothing here ("show", "runs"), in query order. */
  fillers: Token[];
}

/**
 * Runs the rules over the tokens and joins what they find: conditions with AND, "or" between two
 * conditions with OR, "not" on the next condition, or on the whole list of values of one field after it ("not gpt-4
 * or claude" is neither, as "not failed or cancelled" is). Brackets group: "(gpt-4 or claude) and failed", "not
 * (gpt-4 or claude)"; a group is one condition to what is around it. Words no rule understands become free text, one
 * text node per run of adjacent words, each reported in the warnings.
 */
export function assemble<N, S>(ctx: RuleContext, grammar: Grammar<N, S>): Assembled<N, S> {
  const warnings = controlCharacterWarnings(ctx.text, ctx.tokens);
  const out: Assembled<N, S> = { filter: null, freeText: [], warnings, labels: new Map(), fillers: [] };
  out.filter = combine(sequence(ctx, grammar, out), grammar);
  return out;
}

/**
 * The index of the ")" that closes the "(" at `open`, or -1. Brackets a rule reads as part of a condition ("model in
 * (a, b)") come in pairs too, so counting finds the right one.
 */
function closingBracket(ctx: RuleContext, open: number): number {
  let depth = 0;
  for (let k = open; k < ctx.tokens.length; k++) {
    if (isBracket(ctx.tokens[k], '(')) depth++;
    else if (isBracket(ctx.tokens[k], ')') && --depth === 0) return k;
  }
  return -1;
}

function isBracket(token: Token | undefined, bracket: '(' | ')'): boolean {
  return token?.kind === 'punct' && token.text === bracket;
}

/**
 * The conditions of one sequence of tokens (the whole query, or what one pair of brackets holds), not yet joined by AND.
 * A group is read on its own tokens only, so no rule reads across its brackets.
 */
function sequence<N, S>(ctx: RuleContext, grammar: Grammar<N, S>, out: Assembled<N, S>): N[] {
  const { tokens, text } = ctx;
  const nodes: N[] = [];
  let pendingNot: Token | undefined;
  let pendingOr: Token | undefined;
  let run: [number, number] | undefined;

  const either = (a: N, b: N): N => grammar.or([...(grammar.childrenOf(a, 'or') ?? [a]), ...(grammar.childrenOf(b, 'or') ?? [b])]);
  const emit = (node: N): void => {
    let value = node;
    if (pendingNot) value = grammar.not(value);
    pendingNot = undefined;
    const nor = pendingOr?.lower === 'nor';
    const previous = pendingOr ? nodes.pop() : undefined;
    pendingOr = undefined;
    const negated = previous === undefined ? undefined : grammar.negatedOf(previous);
    if (previous === undefined) nodes.push(value);
    // "neither gpt-4 nor claude", "not failed nor model gpt-4": the negation before "nor" covers both, NOT (X OR Y).
    else if (nor && negated !== undefined) nodes.push(grammar.not(either(negated, value)));
    else nodes.push(either(previous, value));
  };
  const flush = (): void => {
    if (!run) return;
    const phrase = text.slice(tokens[run[0]]!.start, tokens[run[1] - 1]!.end);
    run = undefined;
    out.freeText.push(phrase);
    out.warnings.push(`searching for ${quote(phrase)} as text`);
    emit(grammar.text(phrase));
  };

  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    // An unbalanced bracket groups nothing: it is left out, and the warning says where, so the reader can add its pair.
    const close = isBracket(token, '(') ? closingBracket(ctx, i) : undefined;
    if (isBracket(token, ')') || close === -1) {
      flush();
      const missing = close === -1 ? 'no ")" after it' : 'no "(" before it';
      out.warnings.push(`ignored "${token.text}" at character ${token.start + 1}: ${missing}`);
      i++;
      continue;
    }
    if (close !== undefined) {
      flush();
      const group = combine(sequence({ ...ctx, tokens: tokens.slice(i + 1, close) }, grammar, out), grammar);
      if (group !== null) emit(group);
      else {
        // Brackets around a sort or stop words ("(top 3)") hold no condition, and need no warning unless they are empty.
        if (close === i + 1) out.warnings.push(`ignored empty brackets at character ${token.start + 1}`);
        // A connective before brackets without a condition has nothing to apply to.
        for (const connective of [pendingNot, pendingOr]) {
          if (connective) out.warnings.push(`ignored "${connective.text}": no condition in the brackets after it`);
        }
        pendingNot = undefined;
        pendingOr = undefined;
      }
      i = close + 1;
      continue;
    }
    const match = firstMatch(ctx, grammar.rules, i);
    if (!match) {
      if (token.kind === 'word') {
        run = run ? [run[0], i + 1] : [i, i + 1];
      } else if (token.kind === 'quoted') {
        flush();
        if (token.text.trim() === '') out.warnings.push('ignored empty quotes');
        else {
          out.freeText.push(token.text);
          emit(grammar.text(token.text));
        }
      } else if (token.kind === 'field') {
        throw new QuerySyntaxError(`unknown field "${token.key}:"`, text, token.start);
      } else {
        flush();
        out.warnings.push(`ignored "${token.text}"`);
      }
      i++;
      continue;
    }
    flush();
    if (match.warnings) out.warnings.push(...match.warnings);
    if (match.filler) out.fillers.push(token);
    const list = match.control === 'not' ? negatedListAt(ctx, grammar.rules, match.end, grammar.listed, grammar.either) : null;
    if (list) {
      out.warnings.push(...list.warnings);
      emit(grammar.not(list.node));
      i = list.end;
      continue;
    }
    if (match.control === 'not') pendingNot = pendingNot ? undefined : token;
    if (match.control === 'or') {
      if (nodes.length === 0 || pendingOr || pendingNot) out.warnings.push(`ignored "${token.text}": no condition before it`);
      else pendingOr = token;
    }
    if (match.node !== undefined) {
      if (match.label !== undefined) out.labels.set(match.node, match.label);
      emit(match.node);
    }
    const written = sliceTokens(ctx, i, match.end);
    if (match.sort !== undefined) {
      if (out.sort !== undefined) out.warnings.push(`"${written}" replaces an earlier sort`);
      out.sort = match.sort;
    }
    if (match.limit !== undefined) {
      if (out.limit !== undefined) out.warnings.push(`"${written}" replaces an earlier limit`);
      out.limit = Math.min(match.limit, MAX_LIMIT);
      if (match.limit > MAX_LIMIT) {
        // Digits beyond what a number holds exactly are shown as written ("slowest 99999999999999999999").
        const digits = tokens.slice(i, match.end).find((t) => t.kind === 'word' && /^\d+$/.test(t.text))?.text;
        const shown = Number.isSafeInteger(match.limit) || digits === undefined ? String(match.limit) : digits;
        out.warnings.push(`limit ${shown} capped at ${MAX_LIMIT}`);
      }
    }
    i = match.end;
  }
  flush();
  if (pendingNot) out.warnings.push(`ignored "${pendingNot.text}": nothing after it to negate`);
  if (pendingOr) out.warnings.push(`ignored "${pendingOr.text}": nothing after it`);
  return nodes;
}

/** AND of the top-level conditions, nested ANDs flattened; null when there are none. */
function combine<N, S>(nodes: N[], grammar: Grammar<N, S>): N | null {
  const flat = nodes.flatMap((n) => grammar.childrenOf(n, 'and') ?? [n]);
  if (flat.length === 0) return null;
  return flat.length === 1 ? flat[0]! : grammar.and(flat);
}
