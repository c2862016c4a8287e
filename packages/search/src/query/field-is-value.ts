import { QuerySyntaxError } from '../errors';
import { quote } from './explain';
import { FIELD_KEYS, fieldMatch, isReservedWord, modelAt } from './field-phrases';
import { looksLikeModel } from './model-names';
import { isStoredModel } from './stored-values';
import { fieldValues } from './tokenize';
import type { FilterNode, TextField } from './filter';
import { runTargetAt } from './metric-names';
import { matchPhrase, matchWords, type Match, type RuleContext } from './rule';
import { RUN_STATUS_WORDS, statusRule } from './status-words';
import { STOP_WORDS } from './stop-words';

type Field = TextField | 'status';
type FieldIsValueMatch = Match<FilterNode, never>;

/** Field names written in words that take an operator: "model is gpt-4", "status != failed", "tags in (a, b)". */
const FIELD_NOUNS: ReadonlyMap<string, Field> = new Map<string, Field>([
  ['project', 'project'], ['dataset', 'dataset'], ['model', 'model'], ['tag', 'tag'], ['tags', 'tag'],
  ['user', 'createdBy'], ['author', 'createdBy'], ['creator', 'createdBy'], ['created by', 'createdBy'],
  ['name', 'name'], ['status', 'status'],
]);
const NOUN_LIST = [...FIELD_NOUNS.keys()];

/** How an operator between a field and its values reads: `negated` for "is not", `contains` for "name contains x". */
interface Operator {
  readonly negated: boolean;
  /** Only for fields that hold parts of a whole: a name (substring) or the tags of a run. */
  readonly contains?: boolean;
}

const IS: Operator = { negated: false };
const IS_NOT: Operator = { negated: true };
const CONTAINS: Operator = { negated: false, contains: true };
const CONTAINS_NOT: Operator = { negated: true, contains: true };

const SYMBOLS: ReadonlyMap<string, Operator> = new Map([
  ['=', IS], ['==', IS], ['===', IS], ['!=', IS_NOT], ['!==', IS_NOT], ['<>', IS_NOT], ['\u2260', IS_NOT],
]);

/** Word operators: "is", "is not", "is one of", "not in", "name contains" … */
const WORD_OPERATORS: ReadonlyMap<string, Operator> = new Map([
  ...phrases(IS, [
    'is', 'was', 'are', 'were', 'equals', 'equal to', 'is equal to', 'in', 'is in', 'are in', 'one of', 'is one of',
    'any of', 'is any of', 'among', 'is among',
  ]),
  ...phrases(IS_NOT, [
    'not', 'is not', "isn't", 'isnt', 'was not', "wasn't", 'are not', "aren't", 'arent', 'not equal to', 'is not equal to',
    'does not equal', "doesn't equal", 'different from', 'is different from', 'other than', 'is other than', 'not in', 'is not in',
    "isn't in", 'are not in', 'not one of', 'is not one of', "isn't one of", 'none of', 'is none of', 'not any of', 'is not any of', 'neither', 'is neither',
  ]),
  ...phrases(CONTAINS, ['contains', 'contain', 'includes', 'include', 'including', 'has']),
  ...phrases(CONTAINS_NOT, [
    'does not contain', "doesn't contain", 'do not contain', "don't contain", 'does not include', "doesn't include",
    'do not include', "don't include", 'not containing', 'not including',
  ]),
]);

function phrases(operator: Operator, list: readonly string[]): [string, Operator][] {
  return list.map((p) => [p, operator]);
}

/** What separates the values of a list: "gpt-4, claude or llama", "(failed | cancelled)". */
const SEPARATORS: ReadonlySet<string> = new Set([',', 'or', 'and', 'nor', '&', '|']);
const OPENING: ReadonlySet<string> = new Set(['(', '[', '{']);
const CLOSING: ReadonlySet<string> = new Set([')', ']', '}']);
const ARTICLES: ReadonlySet<string> = new Set(['a', 'an', 'the']);
const STATUS_NAMES = 'running, abandoned, completed, failed or cancelled';

const runStatus = statusRule(RUN_STATUS_WORDS, (values): FilterNode => ({ kind: 'status', values }), (child): FilterNode => ({ kind: 'not', child }));

/**
 * A field named in words with an operator and its values: "model is gpt-4", "dataset = squad", "tag != nightly",
 * "project is not demo", "status in (failed, cancelled)", "user is one of ana, bo", "name contains nightly", "status
 * failed"; and `key: value` with spaces after the colon ("model: gpt-4"). Values in a list are either (a run has one
 * model); a negated list is neither. A field word whose operator has no value after it is ignored with a warning rather
 * than searched as text.
 */
export function fieldIsValueRule(ctx: RuleContext, i: number): FieldIsValueMatch | null {
  const token = ctx.tokens[i];
  if (token?.kind === 'field') return spacedFieldAt(ctx, i);
  const noun = matchPhrase(ctx, i, NOUN_LIST);
  if (!noun) return null;
  const field = FIELD_NOUNS.get(noun[0])!;
  // Longest operator first, then shorter ones: "status is not in progress" is "is not" + "in progress", not "is not in".
  const operators = operatorsAt(ctx, noun[1], field);
  // "status failed" as "status is failed"; "model gpt-4" without an operator is the field rule's.
  const readings: ([Operator, number] | undefined)[] = field === 'status' ? [...operators, undefined] : operators;
  for (const operator of readings) {
    const values = valuesAt(ctx, operator ? operator[1] : noun[1], field, operator?.[0].negated ?? false);
    if (values) return negatedIf(operator?.[0].negated ?? false, values);
  }
  const longest = operators[0];
  if (!longest) return null;
  const written = ctx.text.slice(ctx.tokens[noun[1]]!.start, ctx.tokens[longest[1] - 1]!.end);
  const what = field === 'status' ? `no run status (${STATUS_NAMES})` : 'no value';
  return { end: noun[1], warnings: [`ignored ${quote(noun[0])}: ${what} after ${quote(written)}`] };
}

/**
 * `model: gpt-4`, `status: failed, cancelled`: a field token whose value was written after spaces; and `dataset:mmlu or
 * gsm8k`, `tag:nightly and weekly`: a one-value field token that bare values of the same field follow.
 */
function spacedFieldAt(ctx: RuleContext, i: number): FieldIsValueMatch | null {
  const token = ctx.tokens[i]!;
  const field = FIELD_KEYS.get(token.key!.toLowerCase());
  if (!field) return null;
  if (token.text !== '' || token.quotedValue) return listedAfterFieldToken(ctx, i, field);
  const values = valuesAt(ctx, i + 1, field, token.negated ?? false);
  const next = ctx.tokens[i + 1];
  if (!values && field === 'status' && next?.kind === 'word' && !isReservedWord(next.lower)) {
    throw new QuerySyntaxError(`unknown status "${next.text}" (use ${STATUS_NAMES})`, ctx.text, next.start);
  }
  // Nothing usable after the colon: the field token rule reports the empty value.
  return values && negatedIf(token.negated ?? false, values);
}

/**
 * `dataset:mmlu or gsm8k`: a field token of one value and the bare values listed after it, as one list; null when none
 * follows (the field token rule reads the token alone). Negated tokens and value lists in the token are left to it too.
 */
function listedAfterFieldToken(ctx: RuleContext, i: number, field: Field): FieldIsValueMatch | null {
  const token = ctx.tokens[i]!;
  if (field === 'status' || token.negated || fieldValues(token).length !== 1 || token.text.trim() === '') return null;
  const list = listAfter(ctx, fieldMatch(ctx, i + 1, field, token.text, 'explicit'), field, false, false);
  return list.values.length > 1 ? negatedIf(false, list) : null;
}

/** The operators at `j` that `field` takes, longest first. */
function operatorsAt(ctx: RuleContext, j: number, field: Field): [Operator, number][] {
  const token = ctx.tokens[j];
  if (token?.kind === 'op') {
    const symbol = SYMBOLS.get(token.text);
    return symbol ? [[symbol, j + 1]] : [];
  }
  const found: [Operator, number][] = [];
  for (const [phrase, operator] of WORD_OPERATORS) {
    const end = matchWords(ctx, j, phrase.split(' '));
    // "model contains gpt" would read as an exact model: only names and tags take "contains".
    if (end > j && (!operator.contains || field === 'name' || field === 'tag')) found.push([operator, end]);
  }
  return found.sort((a, b) => b[1] - a[1]);
}

interface Values {
  readonly node: FilterNode;
  readonly end: number;
  readonly warnings: readonly string[];
}

function negatedIf(negated: boolean, values: Values): FieldIsValueMatch {
  const node: FilterNode = negated ? { kind: 'not', child: values.node } : values.node;
  return { end: values.end, node, ...(values.warnings.length ? { warnings: values.warnings } : {}) };
}

/**
 * One value or a list of values of `field` at `j`, in brackets or not: "gpt-4", "the gpt-4", "gpt-4, claude or llama",
 * "(a, b)". A list ends before a word with a meaning of its own ("gpt-4 or failed") and a measure ("gpt-4 or accuracy
 * above 0.9"). `negated`: the operator before the values negates them ("is not").
 */
function valuesAt(ctx: RuleContext, j: number, field: Field, negated: boolean): Values | null {
  let k = j;
  const bracketed = isPunct(ctx, k, OPENING);
  if (bracketed) k++;
  else if (ARTICLES.has(ctx.tokens[k]?.lower ?? '') && !endsValue(ctx, k + 1) && valueAt(ctx, k + 1, field, false)) k++;
  const first = valueAt(ctx, k, field, bracketed);
  if (!first) return null;
  const list = listAfter(ctx, first, field, bracketed, negated);
  return bracketed && isPunct(ctx, list.end, CLOSING) ? { ...list, end: list.end + 1 } : list;
}

/** Fields a run has many values of, or matches in parts: "tag is nightly and weekly" is both, not either. */
const MANY_VALUED: ReadonlySet<Field> = new Set<Field>(['tag', 'name']);

/**
 * The values listed after `first`, joined into one condition. Values of a one-valued field are either, however they are
 * joined (a run has one model: "model is gpt-4 and claude" can only mean either). Tags and names joined by "and" are all
 * of them ("tag is nightly and weekly"); joined by "or" (or only by commas), either; a list that switches from one to
 * the other ends there ("tag is a and b or c" leaves "or c" to the query). A negated list is none of its values, however
 * joined ("tag is not nightly and weekly", as "excluding gpt-4 and claude"). An "and" before a model name ends a tag or
 * name list: "tag is nightly and gpt-4o" is nightly runs of gpt-4o.
 */
function listAfter(ctx: RuleContext, first: FieldIsValueMatch, field: Field, bracketed: boolean, negated: boolean): Values & { values: FieldIsValueMatch[] } {
  const values = [first];
  const many = !bracketed && MANY_VALUED.has(field);
  let joiner: 'and' | 'or' | undefined;
  let end = first.end;
  for (;;) {
    let m = end;
    let written: 'and' | 'or' | undefined;
    let mixed = false;
    while (isSeparator(ctx, m)) {
      const word = ctx.tokens[m]!.lower;
      const join = word === 'and' || word === '&' ? 'and' : word === ',' ? undefined : 'or';
      mixed ||= join !== undefined && written !== undefined && join !== written;
      written = join ?? written;
      m++;
    }
    if (m === end || (!bracketed && runTargetAt(ctx, m))) break;
    if (many && (mixed || (written !== undefined && joiner !== undefined && written !== joiner))) break;
    if (many && written === 'and' && ctx.tokens[m]?.kind === 'word' && (looksLikeModel(ctx.tokens[m]!.text) || isStoredModel(ctx, ctx.tokens[m]!.text))) break;
    const next = valueAt(ctx, m, field, bracketed);
    if (!next) break;
    values.push(next);
    joiner = written ?? joiner;
    end = next.end;
  }
  const nodes = values.map((v) => v.node!);
  const node: FilterNode = many && joiner === 'and' && !negated ? { kind: 'and', children: nodes } : either(nodes);
  return { node, end, values, warnings: values.flatMap((v) => v.warnings ?? []) };
}

/**
 * One value at `j`: a quoted phrase, or a word with no meaning of its own; inside brackets any word, and anywhere a
 * plain stop word that a separator or the end follows ("model is one of a, b"). Statuses are status words.
 */
function valueAt(ctx: RuleContext, j: number, field: Field, bracketed: boolean): FieldIsValueMatch | null {
  if (field === 'status') {
    const match = runStatus(ctx, j);
    return match?.node?.kind === 'status' ? match : null;
  }
  const token = ctx.tokens[j];
  if (token?.kind === 'quoted') return token.text.trim() === '' ? null : fieldMatch(ctx, j + 1, field, token.text, 'explicit');
  if (token?.kind !== 'word' || SEPARATORS.has(token.lower)) return null;
  if (!isReservedWord(token.lower)) return field === 'model' ? modelAt(ctx, j, 'explicit') : fieldMatch(ctx, j + 1, field, token.text, 'explicit');
  const plain = bracketed || (STOP_WORDS.has(token.lower) && endsValue(ctx, j + 1));
  return plain ? fieldMatch(ctx, j + 1, field, token.text, 'explicit') : null;
}

/** Values of one field as one condition: a status list, or either value. */
function either(nodes: FilterNode[]): FilterNode {
  if (nodes.every((n) => n.kind === 'status')) {
    return { kind: 'status', values: [...new Set(nodes.flatMap((n) => (n as FilterNode & { kind: 'status' }).values))] };
  }
  const flat = nodes.flatMap((n) => (n.kind === 'or' ? n.children : [n]));
  return flat.length === 1 ? flat[0]! : { kind: 'or', children: flat };
}

function isSeparator(ctx: RuleContext, j: number): boolean {
  const token = ctx.tokens[j];
  return token !== undefined && token.kind !== 'quoted' && SEPARATORS.has(token.lower);
}

function isPunct(ctx: RuleContext, j: number, set: ReadonlySet<string>): boolean {
  const token = ctx.tokens[j];
  return token?.kind === 'punct' && set.has(token.text);
}

/** True when a value at `j - 1` would end the list: the end of the query, a separator or a closing bracket. */
function endsValue(ctx: RuleContext, j: number): boolean {
  return j >= ctx.tokens.length || isSeparator(ctx, j) || isPunct(ctx, j, CLOSING);
}
