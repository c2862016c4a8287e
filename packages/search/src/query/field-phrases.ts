import { QuerySyntaxError } from '../errors';
import type { FilterNode, TextField } from './filter';
import { looksLikeModel } from './model-names';
import { isReservedWord } from './reserved-words';
import { matchPhrase, type Match, type RuleContext } from './rule';
import { RUN_STATUS_WORDS, statusValues } from './status-words';

type FieldMatch = Match<FilterNode, never>;

/** Keys of `key:value` fields. */
const FIELD_KEYS: ReadonlyMap<string, TextField | 'status'> = new Map<string, TextField | 'status'>([
  ['project', 'project'], ['dataset', 'dataset'], ['model', 'model'], ['tag', 'tag'],
  ['by', 'createdBy'], ['createdby', 'createdBy'], ['created_by', 'createdBy'], ['user', 'createdBy'],
  ['status', 'status'], ['name', 'name'],
]);

/** Fields written in words, value after: "project demo", "with tag nightly", "created by ana", "named nightly". */
const PREFIX_PHRASES: ReadonlyMap<string, TextField> = new Map<string, TextField>([
  ['project', 'project'], ['dataset', 'dataset'], ['model', 'model'],
  ['tag', 'tag'], ['tags', 'tag'], ['tagged', 'tag'], ['tagged with', 'tag'], ['with tag', 'tag'],
  ['by', 'createdBy'], ['created by', 'createdBy'], ['user', 'createdBy'], ['author', 'createdBy'],
  ['named', 'name'], ['called', 'name'], ['name', 'name'],
]);
const PREFIX_LIST = [...PREFIX_PHRASES.keys()];
/** Fields written in words, value before: "demo project", "qa-capitals dataset". */
const POSTFIX_WORDS: ReadonlyMap<string, TextField> = new Map<string, TextField>([
  ['project', 'project'], ['dataset', 'dataset'], ['model', 'model'],
]);

/** `project:demo`, `name:"nightly run"`, `status:failed,cancelled`; an unknown key is a syntax error. */
export function fieldTokenRule(ctx: RuleContext, i: number): FieldMatch | null {
  const token = ctx.tokens[i];
  if (token?.kind !== 'field') return null;
  const key = token.key!;
  const field = FIELD_KEYS.get(key.toLowerCase());
  if (!field) {
    const known = [...FIELD_KEYS.keys()].filter((k) => k !== 'createdby' && k !== 'created_by').map((k) => `${k}:`);
    throw new QuerySyntaxError(`unknown field "${key}:" (known fields: ${known.join(', ')})`, ctx.text, token.start);
  }
  const valueStart = token.valueStart!;
  if (token.text.trim() === '') throw new QuerySyntaxError(`empty value for "${key}:"`, ctx.text, valueStart);
  if (field !== 'status') return { end: i + 1, node: { kind: 'field', field, value: token.text } };
  const statuses = statusValues(token.text, RUN_STATUS_WORDS);
  const unknown = statuses.findIndex((s) => s === undefined);
  if (unknown >= 0) {
    const word = token.text.split(/[,|/]/)[unknown];
    throw new QuerySyntaxError(`unknown status "${word}" (use running, completed, failed or cancelled)`, ctx.text, valueStart);
  }
  return { end: i + 1, node: { kind: 'status', values: [...new Set(statuses as NonNullable<(typeof statuses)[number]>[])] } };
}

/** A field value at `j`: a quoted phrase or a word with no meaning of its own. */
function valueAt(ctx: RuleContext, j: number): string | undefined {
  const token = ctx.tokens[j];
  if (token?.kind === 'quoted') return token.text.trim() === '' ? undefined : token.text;
  if (token?.kind !== 'word' || isReservedWord(token.lower)) return undefined;
  return token.text;
}

/**
 * Fields in words: "project demo", "demo project", "on qa-capitals" (a dataset; "on Nov 3" was
 * taken by the time rule), "tagged nightly", "by ana@example.com", and model-like words ("gpt-4o").
 */
export function wordFieldRule(ctx: RuleContext, i: number): FieldMatch | null {
  const token = ctx.tokens[i];
  if (token?.kind !== 'word') return null;
  const prefix = matchPhrase(ctx, i, PREFIX_LIST);
  if (prefix) {
    const value = valueAt(ctx, prefix[1]);
    if (value !== undefined) return fieldMatch(prefix[1] + 1, PREFIX_PHRASES.get(prefix[0])!, value);
  }
  if (token.lower === 'on') {
    const value = valueAt(ctx, i + 1);
    if (value !== undefined && !/^[\d.,:/-]+$/.test(value)) {
      return fieldMatch(i + 2, looksLikeModel(value) && ctx.tokens[i + 1]!.kind === 'word' ? 'model' : 'dataset', value);
    }
  }
  const next = ctx.tokens[i + 1];
  const postfix = next?.kind === 'word' ? POSTFIX_WORDS.get(next.lower) : undefined;
  if (postfix && !isReservedWord(token.lower)) return fieldMatch(i + 2, postfix, token.text);
  if (looksLikeModel(token.text)) return fieldMatch(i + 1, 'model', token.text);
  return null;
}

function fieldMatch(end: number, field: TextField, value: string): FieldMatch {
  return { end, node: { kind: 'field', field, value } };
}
