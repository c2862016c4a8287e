import type { FilterNode } from './filter';
import type { RuleContext } from './rule';

/**
 * A project id as compared with the stored ones: lower case, with spaces, dashes, underscores and dots alike, so "demo
 * project", "Demo_Project" and "demo.project" name `demo-project` (ids are written every way; a model name keeps its
 * underscores, a project id need not: nobody tells two projects apart by one).
 */
export function canonicalProject(name: string): string {
  return name.toLowerCase().replace(/[\s._-]+/g, '-');
}

/** Stored ids by canonical form, built once per list (the engine passes the same vocabulary to every parse for a minute). */
const projectIndexes = new WeakMap<readonly string[], ReadonlyMap<string, readonly string[]>>();

function projectIndex(stored: readonly string[]): ReadonlyMap<string, readonly string[]> {
  let index = projectIndexes.get(stored);
  if (index) return index;
  const byCanonical = new Map<string, string[]>();
  for (const id of stored) {
    const canonical = canonicalProject(id);
    byCanonical.set(canonical, [...(byCanonical.get(canonical) ?? []), id]);
  }
  index = byCanonical;
  projectIndexes.set(stored, index);
  return index;
}

/** The stored project ids `value` names (`canonicalProject`), each spelled as stored; none without the stored list. */
export function storedProjects(ctx: RuleContext, value: string): readonly string[] {
  const stored = ctx.options.projects;
  return stored && stored.length > 0 ? (projectIndex(stored).get(canonicalProject(value)) ?? []) : [];
}

/** One condition per stored spelling, joined by OR (a run has one project). */
export function projectNode(ids: readonly string[]): FilterNode {
  const nodes = ids.map((value): FilterNode => ({ kind: 'field', field: 'project', value }));
  return nodes.length === 1 ? nodes[0]! : { kind: 'or', children: nodes };
}

/** Most words a project id written with spaces may take ("team a nightly regression"). */
const MAX_PROJECT_WORDS = 6;

/**
 * The end of the longest run of plain words from token `i` that names a stored project ("demo project" for
 * `demo-project`, "summarize"), or undefined when none does. Only a whole stored id counts, so a word inside one
 * ("demo" of `demo-project`) names nothing.
 */
export function storedProjectEnd(ctx: RuleContext, i: number): number | undefined {
  if (!ctx.options.projects?.length) return undefined;
  let last = i;
  while (last < ctx.tokens.length && last - i < MAX_PROJECT_WORDS && ctx.tokens[last]!.kind === 'word') last++;
  for (let end = last; end > i; end--) {
    const words = ctx.tokens.slice(i, end).map((t) => t.text).join(' ');
    if (storedProjects(ctx, words).length > 0) return end;
  }
  return undefined;
}

/** The stored creator(s) a plain word names, ignoring case ("User@Example.com" → created by user@example.com). */
export function storedCreators(ctx: RuleContext, word: string): readonly string[] {
  const lower = word.toLowerCase();
  return [...new Set((ctx.options.creators ?? []).filter((c) => c.toLowerCase() === lower))];
}

/** One condition per stored spelling, joined by OR. */
export function creatorNode(creators: readonly string[]): FilterNode {
  const nodes = creators.map((value): FilterNode => ({ kind: 'field', field: 'createdBy', value }));
  return nodes.length === 1 ? nodes[0]! : { kind: 'or', children: nodes };
}
