import { quote } from './explain';
import type { FilterNode } from './filter';
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
 * What a model name in a query means, given the stored model names (when the caller passed them): the stored
 * model(s) of that name ignoring case; else the model family (`claude` → `claude-3-5-sonnet`, a prefix ending at a
 * `-`); else, for a word that only looked like a model ("mistral runs"), a text search. A name written as a model
 * (`model:x`, "model x") stays a model condition and is reported when nothing stored matches it.
 */
export function modelReading(ctx: RuleContext, value: string, written: 'explicit' | 'guessed'): Reading {
  const stored = ctx.options.models;
  if (!stored) return { node: model(value) };
  const lower = value.toLowerCase();
  const exact = [...new Set(stored.filter((m) => m.toLowerCase() === lower))];
  if (exact.length > 0) return { node: either(exact.map(model)) };
  if (stored.some((m) => m.toLowerCase().startsWith(`${lower}-`))) {
    return { node: { kind: 'field', field: 'model', value, match: 'family' } };
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
 * True when a stored model has this name or family (ignoring case), so a name no pattern knows ("acme-bot", or "gpt"
 * for gpt-4o) is still a model.
 */
export function isStoredModel(ctx: RuleContext, word: string): boolean {
  const lower = word.toLowerCase();
  return (ctx.options.models ?? []).some((m) => {
    const name = m.toLowerCase();
    return name === lower || name.startsWith(`${lower}-`);
  });
}
