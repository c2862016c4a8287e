import { quote } from './explain';
import type { FilterNode } from './filter';
import type { RuleContext } from './rule';
import { tagReading } from './stored-values';
import type { Token } from './tokenize';

/**
 * Stop words that name what is searched for ("eval", "results"), so that a stored run may have one in its name or as a
 * tag: a query of nothing but filler words searches these when stored runs have them. "run" and "runs" are not here:
 * "runs" alone asks for every run.
 */
export const FILLER_NOUNS: readonly string[] = [
  'eval', 'evals', 'evaluation', 'evaluations', 'experiment', 'experiments', 'result', 'results', 'job', 'jobs',
];

/** The warning for filler words that left a query without a condition, so that it matches everything. */
export function fillerWarning(fillers: readonly Token[], what: 'run' | 'item'): string {
  const words = [...new Set(fillers.map((t) => t.text))];
  const which = words.length === 1 ? 'a word too common to search by, which leaves' : 'words too common to search by, which leave';
  return `ignored ${words.map(quote).join(', ')}: ${which} no condition, so every ${what} matches (quote a word to search for it as text)`;
}

/**
 * A run query of filler words only ("eval", "show me the results"): the words of FILLER_NOUNS that stored runs have —
 * in their name, description or dataset (`options.fillerWordsInText`), or as a tag — as conditions, each with a warning
 * saying why; null when stored runs have none of them.
 */
export function storedFillerConditions(
  ctx: RuleContext,
  fillers: readonly Token[],
): { filter: FilterNode; freeText: string[]; warnings: string[] } | null {
  const inText = new Set(ctx.options.fillerWordsInText ?? []);
  const nodes: FilterNode[] = [];
  const freeText: string[] = [];
  const warnings: string[] = [];
  for (const token of new Map(fillers.map((t) => [t.lower, t])).values()) {
    if (!FILLER_NOUNS.includes(token.lower)) continue;
    const tag = tagReading(ctx, token.text)?.node;
    const text = inText.has(token.lower) ? token.text : undefined;
    if (!tag && text === undefined) continue;
    const textNode: FilterNode[] = text === undefined ? [] : [{ kind: 'text', text }];
    const both = [...(tag ? [tag] : []), ...textNode];
    nodes.push(both.length === 1 ? both[0]! : { kind: 'or', children: both });
    if (text !== undefined) freeText.push(text);
    const tagged = tag ? `the tag ${quote(token.text)}` : '';
    warnings.push(
      text === undefined
        ? `${quote(token.text)} read as ${tagged}: the query asks for nothing else, and stored runs have that tag`
        : tag
          ? `${quote(token.text)} read as ${tagged} or as text: the query asks for nothing else, and stored runs have that tag, or the word in their name, description or dataset`
          : `searching for ${quote(token.text)} as text: the query asks for nothing else, and stored runs have it in their name, description or dataset`,
    );
  }
  if (nodes.length === 0) return null;
  return { filter: nodes.length === 1 ? nodes[0]! : { kind: 'and', children: nodes }, freeText, warnings };
}
