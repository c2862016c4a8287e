import type { RunState } from '@llm-eval/storage';
import { QuerySyntaxError } from '../errors';
import { MONTH_NAMES } from './chrono-dates';
import { OPERATOR_WORDS } from './comparison';
import { CONNECTIVE_WORDS } from './connectives';
import { DURATION_VERBS, SPEED_WORDS } from './duration-conditions';
import type { FilterNode, TextField } from './filter';
import { looksLikeModel } from './model-names';
import { isStoredModel, modelReading, modelWords, modelWordsEnd, tagReading, type Reading } from './stored-values';
import { amountAt, isTimeWord, RELATIVE_DATE_WORDS, WEEKDAYS } from './relative-dates';
import { matchPhrase, type Match, type RuleContext } from './rule';
import { SORT_WORDS } from './sort-and-limit';
import { RUN_STATUS_WORDS, statusValues } from './status-words';
import { STOP_WORDS } from './stop-words';
import { TIME_PREPOSITIONS } from './time-phrases';
import { fieldValues } from './tokenize';

/** Words that introduce a field in plain words ("project demo", "tagged nightly", "by ana"). */
const FIELD_WORDS: ReadonlySet<string> = new Set([
  'project', 'dataset', 'model', 'tag', 'tags', 'tagged', 'by', 'named', 'called', 'name', 'user', 'author', 'creator', 'status',
]);

const RESERVED: ReadonlySet<string> = new Set([
  ...STOP_WORDS, ...RUN_STATUS_WORDS.keys(), ...SPEED_WORDS.keys(), ...DURATION_VERBS, ...OPERATOR_WORDS,
  ...TIME_PREPOSITIONS, ...RELATIVE_DATE_WORDS, ...WEEKDAYS.keys(), ...MONTH_NAMES, ...SORT_WORDS,
  ...CONNECTIVE_WORDS, ...FIELD_WORDS,
]);

/**
 * True when a word has a meaning of its own in the query language, so it cannot be the value of a
 * field written in words ("on failed" is not a dataset called "failed").
 */
export function isReservedWord(lower: string): boolean {
  return RESERVED.has(lower);
}

type FieldMatch = Match<FilterNode, never>;

/** Keys of `key:value` fields. */
export const FIELD_KEYS: ReadonlyMap<string, TextField | 'status'> = new Map<string, TextField | 'status'>([
  ['project', 'project'], ['dataset', 'dataset'], ['model', 'model'], ['tag', 'tag'],
  ['by', 'createdBy'], ['createdby', 'createdBy'], ['created_by', 'createdBy'], ['user', 'createdBy'],
  ['status', 'status'], ['name', 'name'],
]);

/** Fields written in words, value after: "project demo", "with tag nightly", "created by ana", "named nightly". */
const PREFIX_PHRASES: ReadonlyMap<string, TextField> = new Map<string, TextField>([
  ['project', 'project'], ['dataset', 'dataset'], ['model', 'model'],
  ['tag', 'tag'], ['tags', 'tag'], ['tagged', 'tag'], ['tagged with', 'tag'], ['with tag', 'tag'],
  ['by', 'createdBy'], ['created by', 'createdBy'], ['user', 'createdBy'], ['author', 'createdBy'], ['creator', 'createdBy'],
  ['named', 'name'], ['called', 'name'], ['name', 'name'],
]);
const PREFIX_LIST = [...PREFIX_PHRASES.keys()];
/** Fields written in words, value before: "demo project", "qa-capitals dataset". */
const POSTFIX_WORDS: ReadonlyMap<string, TextField> = new Map<string, TextField>([
  ['project', 'project'], ['dataset', 'dataset'], ['model', 'model'],
]);

/**
 * `project:demo`, `name:"nightly run"`, `model:gpt-4o,claude-3` (either), `status:failed,cancelled`,
 * `-tag:nightly` (not); an unknown key or an empty value is a syntax error.
 */
export function fieldTokenRule(ctx: RuleContext, i: number): FieldMatch | null {
  const token = ctx.tokens[i];
  if (token?.kind !== 'field') return null;
  const key = token.key!;
  const field = FIELD_KEYS.get(key.toLowerCase());
  if (!field) {
    const known = [...FIELD_KEYS.keys()].filter((k) => k !== 'createdby' && k !== 'created_by').map((k) => `${k}:`);
    throw new QuerySyntaxError(`unknown field "${key}:" (known fields: ${known.join(', ')})`, ctx.text, token.keyStart!);
  }
  const valueStart = token.valueStart!;
  if (fieldValues(token).some((v) => v.trim() === '')) throw new QuerySyntaxError(`empty value for "${key}:"`, ctx.text, valueStart);
  let node: FilterNode;
  const warnings: string[] = [];
  if (field === 'status') {
    const statuses = statusValues(token.text, RUN_STATUS_WORDS);
    const unknown = statuses.findIndex((s) => s === undefined);
    if (unknown >= 0) {
      const word = token.text.split(/[,|/]/)[unknown];
      throw new QuerySyntaxError(`unknown status "${word}" (use running, abandoned, completed, failed or cancelled)`, ctx.text, valueStart);
    }
    node = { kind: 'status', values: [...new Set(statuses as RunState[])] };
  } else {
    const readings = fieldValues(token).map((value): Reading => (field === 'model' ? modelReading(ctx, value, 'explicit') : { node: { kind: 'field', field, value } }));
    warnings.push(...readings.flatMap((r) => r.warnings ?? []));
    const nodes = readings.flatMap((r) => (r.node.kind === 'or' ? r.node.children : [r.node]));
    node = nodes.length === 1 ? nodes[0]! : { kind: 'or', children: nodes };
  }
  return { end: i + 1, node: token.negated ? { kind: 'not', child: node } : node, ...(warnings.length ? { warnings } : {}) };
}

/** A field value at `j`: a quoted phrase or a word with no meaning of its own. */
function valueAt(ctx: RuleContext, j: number): string | undefined {
  const token = ctx.tokens[j];
  if (token?.kind === 'quoted') return token.text.trim() === '' ? undefined : token.text;
  if (token?.kind !== 'word' || isReservedWord(token.lower)) return undefined;
  return token.text;
}

/**
 * Fields in words: "project demo", "demo project", "on qa-capitals [dataset]" (a dataset; "on Nov 3" was
 * taken by the time rule), "tagged nightly", "by ana@example.com", "alice's", model-like words ("gpt-4o", or any
 * stored model name) and stored tags ("nightly").
 */
export function wordFieldRule(ctx: RuleContext, i: number): FieldMatch | null {
  const token = ctx.tokens[i];
  if (token?.kind !== 'word') return null;
  const prefix = matchPhrase(ctx, i, PREFIX_LIST);
  if (prefix) {
    const value = valueAt(ctx, prefix[1]);
    const field = PREFIX_PHRASES.get(prefix[0])!;
    if (value !== undefined && field === 'model' && ctx.tokens[prefix[1]]!.kind === 'word') return modelAt(ctx, prefix[1], 'explicit');
    if (value !== undefined) return fieldMatch(ctx, prefix[1] + 1, field, value, 'explicit');
  }
  if (token.lower === 'on') {
    const value = valueAt(ctx, i + 1);
    if (value !== undefined && !/^[\d.,:/-]+$/.test(value)) {
      // "on qa-capitals dataset", "on gpt-4o model": the field word after the value names the field.
      const named = postfixAt(ctx, i + 2);
      if (named) return fieldMatch(ctx, i + 3, named, value, 'explicit');
      const isModel = ctx.tokens[i + 1]!.kind === 'word' && (looksLikeModel(value) || isStoredModel(ctx, value));
      return isModel ? modelAt(ctx, i + 1, 'guessed') : fieldMatch(ctx, i + 2, 'dataset', value, 'guessed');
    }
  }
  const postfix = postfixAt(ctx, i + 1);
  if (postfix && !isReservedWord(token.lower)) return fieldMatch(ctx, i + 2, postfix, token.text, 'explicit');
  if (looksLikeModel(token.text) || isStoredModel(ctx, token.text)) return modelAt(ctx, i, 'guessed');
  if (isReservedWord(token.lower)) return null;
  const tag = tagReading(ctx, token.text);
  if (tag) return { end: i + 1, node: tag.node };
  return possessiveAt(ctx, i);
}

/**
 * A model name starting at word `i`, in one word or several when the stored models have it so ("claude 3.5 sonnet" for
 * `claude-3-5-sonnet`); a word with a meaning of its own or the start of an amount of time ("3 days") ends it.
 */
export function modelAt(ctx: RuleContext, i: number, written: 'explicit' | 'guessed'): FieldMatch {
  const end = modelWordsEnd(ctx, i, (j) => isReservedWord(ctx.tokens[j]!.lower) || amountAt(ctx, j) !== null);
  return fieldMatch(ctx, end, 'model', modelWords(ctx, i, end), written);
}

/** The field a word after a value names ("qa-capitals dataset"), or undefined. */
function postfixAt(ctx: RuleContext, j: number): TextField | undefined {
  const token = ctx.tokens[j];
  return token?.kind === 'word' ? POSTFIX_WORDS.get(token.lower) : undefined;
}

/** "alice's failed runs": runs created by alice (or of a model, or with a tag, when the word names one). */
function possessiveAt(ctx: RuleContext, i: number): FieldMatch | null {
  const possessive = /^(.+?)['\u2019]s$/.exec(ctx.tokens[i]!.text);
  const owner = possessive?.[1];
  if (owner === undefined || isReservedWord(owner.toLowerCase()) || isTimeWord(owner.toLowerCase()) || !/[\p{L}\p{N}]/u.test(owner)) return null;
  if (looksLikeModel(owner) || isStoredModel(ctx, owner)) return fieldMatch(ctx, i + 1, 'model', owner, 'guessed');
  const tag = tagReading(ctx, owner);
  if (tag) return { end: i + 1, node: tag.node };
  return fieldMatch(ctx, i + 1, 'createdBy', owner, 'explicit');
}

/** A condition on a text field; a model name is read against the stored models (`modelReading`). */
export function fieldMatch(ctx: RuleContext, end: number, field: TextField, value: string, written: 'explicit' | 'guessed'): FieldMatch {
  if (field !== 'model') return { end, node: { kind: 'field', field, value } };
  const reading = modelReading(ctx, value, written);
  return { end, node: reading.node, ...(reading.warnings ? { warnings: reading.warnings } : {}) };
}
