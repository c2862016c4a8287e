import type { RunState } from '@llm-eval/storage';
import { QuerySyntaxError } from '../errors';
import { MONTH_NAMES } from './chrono-dates';
import { OPERATOR_WORDS } from './comparison';
import { CONNECTIVE_WORDS } from './connectives';
import { DURATION_VERBS, SPEED_WORDS } from './duration-conditions';
import type { FilterNode, TextField } from './filter';
import { looksLikeModel } from './model-names';
import { isStoredModel, modelReading, modelWords, modelWordsEnd, tagReading, type Reading } from './stored-values';
import { creatorNode, projectNode, storedCreators, storedProjectEnd, storedProjects } from './stored-projects';
import { quote } from './explain';
import { amountAt, isTimeWord, RELATIVE_DATE_WORDS, WEEKDAYS } from './relative-dates';
import { matchPhrase, sliceTokens, type Match, type RuleContext } from './rule';
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

/** A stored project or creator named by the word at `j` after "project" / "by", or null. */
function storedValueAt(ctx: RuleContext, j: number, field: string): FieldMatch | null {
  const token = ctx.tokens[j];
  if (token?.kind !== 'word') return null;
  if (field === 'project') return storedProjects(ctx, token.text).length > 0 ? projectAt(ctx, j) : null;
  if (field === 'createdBy') {
    const creators = storedCreators(ctx, token.text);
    return creators.length > 0 ? { end: j + 1, node: creatorNode(creators) } : null;
  }
  return null;
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
 * taken by the time rule), "in summarize" (a stored project), "tagged nightly", "by ana@example.com", "alice's", and
 * words naming a stored value: a model (or a model-like word: "gpt-4o"), else a tag, else a project ("demo project" for
 * `demo-project`), else a creator ("user@example.com"). A stored project named in more words than a model wins.
 */
export function wordFieldRule(ctx: RuleContext, i: number): FieldMatch | null {
  const token = ctx.tokens[i];
  if (token?.kind !== 'word') return null;
  const prefix = matchPhrase(ctx, i, PREFIX_LIST);
  if (prefix) {
    const value = valueAt(ctx, prefix[1]);
    const field = PREFIX_PHRASES.get(prefix[0])!;
    // "project today", "created by me": a word with a meaning of its own is the value when it names a stored one.
    const named = value === undefined ? storedValueAt(ctx, prefix[1], field) : null;
    if (named) return named;
    if (value !== undefined && field === 'model' && ctx.tokens[prefix[1]]!.kind === 'word') return modelAt(ctx, prefix[1], 'explicit');
    if (value !== undefined && field === 'project') return projectAt(ctx, prefix[1]) ?? fieldMatch(ctx, prefix[1] + 1, field, value, 'explicit');
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
  // "runs in summarize": "in" before a stored project names it (a tag of that name too); "in 2025" was the time rule's.
  if (token.lower === 'in' && valueAt(ctx, i + 1) !== undefined) {
    const project = projectAt(ctx, i + 1);
    if (project) return project;
  }
  const reserved = isReservedWord(token.lower);
  const projectEnd = reserved ? undefined : storedProjectEnd(ctx, i);
  const storedModel = isStoredModel(ctx, token.text);
  // "demo project" for `demo-project`: before "X project" reads it as project demo, and before a shorter model name.
  if (projectEnd !== undefined && projectEnd > i + 1 && projectEnd > (storedModel ? modelEnd(ctx, i) : i)) {
    return shorterProjectNamed(ctx, i, projectEnd, alsoNamed(ctx, i, projectWords(ctx, i, projectEnd), 'project'));
  }
  const postfix = postfixAt(ctx, i + 1);
  if (postfix === 'project' && !reserved) return projectAt(ctx, i, i + 1) ?? fieldMatch(ctx, i + 2, postfix, token.text, 'explicit');
  if (postfix && !reserved) return fieldMatch(ctx, i + 2, postfix, token.text, 'explicit');
  // Without the stored models a model-like word is the model as written; with them, a stored value beats the guess.
  if (storedModel || (looksLikeModel(token.text) && !ctx.options.models)) return alsoNamed(ctx, i, modelAt(ctx, i, 'guessed'), 'model');
  if (!reserved) {
    const tag = tagReading(ctx, token.text);
    if (tag) return alsoNamed(ctx, i, { end: i + 1, node: tag.node }, 'tag');
    if (projectEnd !== undefined) return alsoNamed(ctx, i, projectWords(ctx, i, projectEnd), 'project');
    const creators = storedCreators(ctx, token.text);
    if (creators.length > 0) return { end: i + 1, node: creatorNode(creators) };
  }
  if (looksLikeModel(token.text)) return modelAt(ctx, i, 'guessed');
  if (reserved) return null;
  return possessiveAt(ctx, i);
}

/**
 * The stored project named by the words at `i` ("demo project", "Demo_Project"), or by the quoted value there, ending
 * at `end` when given; null when it names none.
 */
function projectAt(ctx: RuleContext, i: number, end?: number): FieldMatch | null {
  const token = ctx.tokens[i];
  if (token?.kind === 'quoted') {
    const ids = storedProjects(ctx, token.text);
    return ids.length > 0 ? projectMatch(i + 1, ids) : null;
  }
  if (end !== undefined) {
    const ids = storedProjects(ctx, sliceTokens(ctx, i, end));
    // "Demo_Project project": the field word after the name is part of the phrase.
    return ids.length > 0 ? projectMatch(end + 1, ids) : null;
  }
  const projectEnd = storedProjectEnd(ctx, i);
  return projectEnd === undefined ? null : projectWords(ctx, i, projectEnd);
}

function projectMatch(end: number, ids: readonly string[]): FieldMatch {
  return { end, node: projectNode(ids) };
}

/** The stored project named by words [i, end), which storedProjectEnd found. */
function projectWords(ctx: RuleContext, i: number, end: number): FieldMatch {
  return projectMatch(end, storedProjects(ctx, sliceTokens(ctx, i, end)));
}

/**
 * "demo project" read as project `demo-project` while a project `demo` is stored too: the words ending in "project"
 * could also mean that one ("X project"), so a warning says how to ask for it.
 */
function shorterProjectNamed(ctx: RuleContext, i: number, end: number, match: FieldMatch): FieldMatch {
  if (ctx.tokens[end - 1]!.lower !== 'project' || end - 1 <= i) return match;
  const shorter = sliceTokens(ctx, i, end - 1);
  const ids = storedProjects(ctx, shorter);
  if (ids.length === 0) return match;
  const warning = `${quote(sliceTokens(ctx, i, end))} is read as the stored project named so; write "project ${shorter}" for project ${ids.join(' or ')}`;
  return { ...match, warnings: [...(match.warnings ?? []), warning] };
}

/** Where a stored model name written from word `i` ends, as modelAt reads it. */
function modelEnd(ctx: RuleContext, i: number): number {
  return modelWordsEnd(ctx, i, (j) => isReservedWord(ctx.tokens[j]!.lower) || amountAt(ctx, j) !== null);
}

/** How a query names each kind of stored value explicitly, for a word that names several. */
const EXPLICIT: Readonly<Record<'model' | 'tag' | 'project' | 'creator', string>> = {
  model: 'model',
  tag: 'tag',
  project: 'project',
  creator: 'by',
};

/**
 * The match with a warning when its words also name another kind of stored value (a tag that is also a project):
 * the reading taken follows model, tag, project, creator, and the warning says how to ask for the others.
 */
function alsoNamed(ctx: RuleContext, i: number, match: FieldMatch, taken: keyof typeof EXPLICIT): FieldMatch {
  const words = sliceTokens(ctx, i, match.end);
  const single = match.end === i + 1;
  const others = (['model', 'tag', 'project', 'creator'] as const).filter(
    (kind) =>
      kind !== taken &&
      (kind === 'model'
        ? ctx.options.models !== undefined && isStoredModel(ctx, words)
        : kind === 'tag'
          ? single && tagReading(ctx, words) !== null
          : kind === 'project'
            ? storedProjects(ctx, words).length > 0
            : single && storedCreators(ctx, words).length > 0),
  );
  if (others.length === 0) return match;
  const names = others.map((kind) => (kind === 'creator' ? 'a creator' : `a ${kind}`));
  const hints = others.map((kind) => `write "${EXPLICIT[kind]} ${words}" for the ${kind}`);
  const warning = `${quote(words)} is also a stored ${names.join(' and ').replace(/^a /, '')}; read as the ${taken} (${hints.join('; ')})`;
  return { ...match, warnings: [...(match.warnings ?? []), warning] };
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
