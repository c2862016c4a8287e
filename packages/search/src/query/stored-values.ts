import { quote } from './explain';
import type { FilterNode } from './filter';
import { familyTakesPointReleases } from './model-names';
import type { RuleContext } from './rule';

/** A condition a word stands for, and what the reader should be told about how it was read. */
export interface Reading {
  readonly node: FilterNode;
  readonly warnings?: readonly string[];
}

function model(value: string): FilterNode {
  return { kind: 'field', field: 'model', value };
}

function either(nodes: FilterNode[]): FilterNode {
  return nodes.length === 1 ? nodes[0]! : { kind: 'or', children: nodes };
}

/**
 * A model name as compared with the stored ones: lower case, and dots, spaces and dashes alike, so "claude 3.5 sonnet"
 * and "claude-3.5-sonnet" name `claude-3-5-sonnet` (versions are written both ways). Underscores stay significant.
 */
export function canonicalModel(name: string): string {
  return name.toLowerCase().replace(/[\s.-]+/g, '-');
}

/**
 * The prefix of stored name `name` that `canonical` names as a family: it ends where the name continues after a `-`,
 * or after a `.` when the prefix ends in a version number (`claude-3-5` of `claude-3-5-sonnet` for "claude 3.5";
 * `Llama-3` of `Llama-3.1-70B` for "llama 3"; nothing of `llama-30b`); undefined when there is none.
 */
function familyPrefix(name: string, canonical: string): string | undefined {
  for (let j = 1; j < name.length; j++) {
    const c = name[j];
    if (c !== '-' && c !== '.') continue;
    const prefix = name.slice(0, j);
    if ((c === '-' || familyTakesPointReleases(prefix)) && canonicalModel(prefix) === canonical) return prefix;
  }
  return undefined;
}

/** Stored names by canonical form, and all of them sorted by it (a family's names are then one contiguous run). */
interface ModelIndex {
  readonly exact: ReadonlyMap<string, readonly string[]>;
  readonly sorted: ReadonlyArray<readonly [canonical: string, name: string]>;
}

/** Built once per list (the engine passes the same vocabulary to every parse for a minute). */
const modelIndexes = new WeakMap<readonly string[], ModelIndex>();

function modelIndex(stored: readonly string[]): ModelIndex {
  let index = modelIndexes.get(stored);
  if (index) return index;
  const sorted = stored.map((name) => [canonicalModel(name), name] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const exact = new Map<string, string[]>();
  for (const [canonical, name] of sorted) exact.set(canonical, [...(exact.get(canonical) ?? []), name]);
  index = { exact, sorted };
  modelIndexes.set(stored, index);
  return index;
}

/** The stored models a name matches exactly, else the family prefixes it names (each spelled as stored). */
function storedMatches(stored: readonly string[], value: string): { exact: string[]; families: string[] } {
  const index = modelIndex(stored);
  const canonical = canonicalModel(value);
  const exact = [...new Set(index.exact.get(canonical) ?? [])];
  if (exact.length > 0) return { exact, families: [] };
  // The names continuing the canonical form after a '-': binary search for the first, then walk while they do.
  const start = `${canonical}-`;
  let low = 0;
  let high = index.sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (index.sorted[mid]![0] < start) low = mid + 1;
    else high = mid;
  }
  // A family matches case-insensitively: one condition per spelling ignoring case, as the query wrote it if it can, else
  // as a stored name spells it, in lower case when one does ("llama-3" rather than "Llama-3" for "llama 3").
  const families = new Map<string, string>();
  for (let k = low; k < index.sorted.length && index.sorted[k]![0].startsWith(start); k++) {
    const prefix = familyPrefix(index.sorted[k]![1], canonical);
    if (prefix === undefined) continue;
    const lower = prefix.toLowerCase();
    const seen = families.get(lower);
    if (seen === undefined || (seen !== value && prefix === lower)) families.set(lower, lower === value.toLowerCase() ? value : prefix);
  }
  return { exact, families: [...families.values()] };
}

/**
 * What a model name in a query means, given the stored model names (when the caller passed them): the stored
 * model(s) of that name ignoring case, dots, spaces and dashes (`canonicalModel`); else the model family (`claude` →
 * `claude-3-5-sonnet`, a prefix ending at a `-`); else, for a word that only looked like a model ("mistral runs"), a
 * text search. A name written as a model (`model:x`, "model x") stays a model condition and is reported when nothing
 * stored matches it.
 */
export function modelReading(ctx: RuleContext, value: string, written: 'explicit' | 'guessed'): Reading {
  const stored = ctx.options.models;
  if (!stored) return { node: model(value) };
  const { exact, families } = storedMatches(stored, value);
  if (exact.length > 0) return { node: either(exact.map(model)) };
  if (families.length > 0) {
    return { node: either(families.map((prefix): FilterNode => ({ kind: 'field', field: 'model', value: prefix, match: 'family' }))) };
  }
  if (written === 'explicit') {
    return { node: model(value), warnings: [`no stored model is named ${quote(value)} or starts with ${quote(`${value}-`)}`] };
  }
  return {
    node: { kind: 'text', text: value },
    warnings: [`${quote(value)} names no stored model or model family; searching for it as text`],
  };
}

/** The stored tag(s) a plain word names, ignoring case ("nightly runs" → tag nightly), or null. */
export function tagReading(ctx: RuleContext, word: string): Reading | null {
  const lower = word.toLowerCase();
  const tags = [...new Set((ctx.options.tags ?? []).filter((t) => t.toLowerCase() === lower))];
  if (tags.length === 0) return null;
  return { node: either(tags.map((value): FilterNode => ({ kind: 'field', field: 'tag', value }))) };
}

/**
 * True when a stored model has this name or family (as modelReading compares them), so a name no pattern knows
 * ("acme-bot", or "gpt" for gpt-4o) is still a model.
 */
export function isStoredModel(ctx: RuleContext, word: string): boolean {
  const { exact, families } = storedMatches(ctx.options.models ?? [], word);
  return exact.length > 0 || families.length > 0;
}

/** The model name written in tokens [from, to), its words joined by spaces. */
export function modelWords(ctx: RuleContext, from: number, to: number): string {
  return ctx.tokens
    .slice(from, to)
    .map((t) => t.text)
    .join(' ');
}

/** Most words a model name written with spaces may take ("llama 3.1 70b instruct"). */
const MAX_MODEL_WORDS = 5;

/**
 * Where a model name written in several words starting at token `i` ends ("claude 3.5 sonnet", "gpt 4o mini"): the
 * longest run of plain words that names a stored model or family, so it needs the stored models; `i + 1` otherwise.
 * A word with a meaning of its own, or a number that starts an amount of time ("claude 3 days ago"), ends it.
 */
export function modelWordsEnd(ctx: RuleContext, i: number, stopsAt: (j: number) => boolean): number {
  if (!ctx.options.models) return i + 1;
  let last = i + 1;
  while (last < ctx.tokens.length && last - i < MAX_MODEL_WORDS && ctx.tokens[last]!.kind === 'word' && !stopsAt(last)) last++;
  for (let end = last; end > i + 1; end--) {
    if (isStoredModel(ctx, modelWords(ctx, i, end))) return end;
  }
  return i + 1;
}
