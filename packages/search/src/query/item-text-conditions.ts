import { quote } from './explain';
import type { ItemFilterNode } from './filter';
import { matchPhrase, matchWords, sliceTokens, type Match, type RuleContext } from './rule';

type ItemMatch = Match<ItemFilterNode, never>;
type TextPlace = Extract<ItemFilterNode, { kind: 'text' }>['in'];

/** Verbs that need no subject: "contains Paris" looks in the output. */
const BARE_VERBS = ['contains', 'contain', 'containing', 'includes', 'including', 'include', 'mentions', 'mentioning'];
/** Verbs after a named text field: "output matching paris", "id contains q1". */
const FIELD_VERBS = [...BARE_VERBS, 'mention', 'like', 'matching', 'matches', 'match'];
/** Verbs after "output" or "error" only, which have always taken them: "errors with timeout", "answers about rome". */
const OUTPUT_AND_ERROR_VERBS = [...FIELD_VERBS, 'with', 'about'];
/** Negations between a field and its verb: "output does not contain paris", "errors not like timeout". */
const NOT_WORDS = ['not', 'does not', 'do not', 'did not', "doesn't", "don't", "didn't", 'doesnt', 'dont', 'didnt'];
/** "output is paris": item text has no exact match, so "is" reads as contains and says so. */
const IS_WORDS = ['is', 'was', 'equals', 'is equal to'];
const IS_NOT_WORDS = ['is not', "isn't", 'isnt', 'was not', "wasn't", 'wasnt', 'is not equal to', 'does not equal', "doesn't equal"];

/** How the item language names its text: where the words look, and the verbs that may follow the name. */
interface TextSubject {
  readonly in: TextPlace;
  readonly verbs: readonly string[];
}

const OUTPUT: TextSubject = { in: 'output', verbs: OUTPUT_AND_ERROR_VERBS };
const ERROR: TextSubject = { in: 'error', verbs: OUTPUT_AND_ERROR_VERBS };
const ALL_TEXT: TextSubject = { in: 'any', verbs: FIELD_VERBS };
const EXPECTED: TextSubject = { in: 'expected', verbs: FIELD_VERBS };
const ID: TextSubject = { in: 'id', verbs: FIELD_VERBS };
/** The input's strings and numbers, wherever they sit in it (a string input, or the values of an object's fields). */
const INPUT: TextSubject = { in: 'input', verbs: FIELD_VERBS };

const SUBJECTS: ReadonlyMap<string, TextSubject> = new Map([
  ...named(OUTPUT, ['output', 'outputs', 'actual output', 'actual outputs', 'actual_output', 'response', 'responses', 'answer', 'answers']),
  ...named(ERROR, ['error', 'errors', 'error message', 'error messages', 'error_message', 'errored']),
  ...named(ALL_TEXT, ['text']),
  ...named(EXPECTED, ['expected', 'expected output', 'expected outputs', 'expected answer', 'expected answers', 'expected_output']),
  ...named(ID, ['id', 'ids', 'item_id']),
  ...named(INPUT, ['input', 'inputs']),
]);
const SUBJECT_LIST = [...SUBJECTS.keys()];

function named(subject: TextSubject, words: readonly string[]): [string, TextSubject][] {
  return words.map((w) => [w, subject]);
}

/** The operator after a subject: its end, whether it negates, and the "is" it was written with, if any. */
interface Operator {
  readonly end: number;
  readonly negated: boolean;
  readonly is?: string;
}

/** "contains", "not containing", "does not contain", "is", "isn't", "is not like" … after a subject, or null. */
function operatorAt(ctx: RuleContext, j: number, verbs: readonly string[]): Operator | null {
  const verb = matchPhrase(ctx, j, verbs);
  if (verb) return { end: verb[1], negated: false };
  const not = matchPhrase(ctx, j, NOT_WORDS);
  const negatedVerb = not && matchPhrase(ctx, not[1], verbs);
  if (negatedVerb) return { end: negatedVerb[1], negated: true };
  const isNot = matchPhrase(ctx, j, IS_NOT_WORDS);
  const is = isNot ?? matchPhrase(ctx, j, IS_WORDS);
  if (!is) return null;
  // "output is like paris", "error isn't matching timeout": the verb says what "is" means.
  const after = matchPhrase(ctx, is[1], verbs);
  return after ? { end: after[1], negated: isNot !== null } : { end: is[1], negated: isNot !== null, is: is[0] };
}

/**
 * "contains 'Paris'", "output contains Paris", "output not containing Paris", "errors like timeout", "error message does
 * not contain timeout", "failed with timeout", "output is Paris" (as contains), "id contains q1", "expected contains
 * paris", "input contains capital".
 */
export function itemTextRule(ctx: RuleContext, i: number): ItemMatch | null {
  const failedWith = matchWords(ctx, i, ['failed', 'with']);
  if (failedWith > 0) return textAfter(ctx, i, ERROR, { end: failedWith, negated: false });
  const subject = matchPhrase(ctx, i, SUBJECT_LIST);
  if (subject) {
    const named = SUBJECTS.get(subject[0])!;
    const operator = operatorAt(ctx, subject[1], named.verbs);
    if (!operator) return null;
    return textAfter(ctx, i, named, operator);
  }
  const verb = matchPhrase(ctx, i, BARE_VERBS);
  return verb ? textAfter(ctx, i, OUTPUT, { end: verb[1], negated: false }) : null;
}

/** The text condition whose value follows the operator, or a warning when nothing does. */
function textAfter(ctx: RuleContext, i: number, subject: TextSubject, operator: Operator): ItemMatch {
  const value = ctx.tokens[operator.end];
  if (!value || (value.kind !== 'quoted' && value.kind !== 'word') || value.text.trim() === '') {
    return { end: operator.end, warnings: [`ignored ${quote(sliceTokens(ctx, i, operator.end))}: nothing to look for after it`] };
  }
  const text: ItemFilterNode = { kind: 'text', in: subject.in, text: value.text };
  const warnings: string[] = [];
  if (operator.is !== undefined) {
    const reading = operator.negated ? 'does not contain' : 'contains';
    warnings.push(`read ${quote(operator.is)} as ${quote(reading)}: item text has no exact match`);
  }
  return {
    end: operator.end + 1,
    node: operator.negated ? { kind: 'not', child: text } : text,
    ...(warnings.length ? { warnings } : {}),
  };
}
