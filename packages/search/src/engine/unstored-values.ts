import { distance } from 'fastest-levenshtein';
import { quote } from '../query/explain';
import type { FilterNode, ItemFilterNode, RunSort } from '../query/filter';
import { MAX_VOCABULARY_VALUES, type Vocabulary } from './stored-vocabulary';

/**
 * Warnings for the tags and metrics a query names that no run in scope has: `tag is nigthly` and `fuzzy_matc above 0.5`
 * matched nothing without a word of why, like a model no run has (which the parser reports). Each names the closest
 * stored spelling when there is one (a different case, or a typo of one or two letters). Nothing is said when the
 * vocabulary holds too many values to be the whole list, or inside a negation ("not tagged nightly" matches every run
 * either way, and means to). @internal
 */
export function unstoredValueWarnings(filter: FilterNode | null, sort: RunSort | undefined, vocabulary: Vocabulary): string[] {
  const tags = new Set<string>();
  const metrics = new Set<string>();
  const walk = (node: FilterNode, negated: boolean): void => {
    if (node.kind === 'and' || node.kind === 'or') node.children.forEach((child) => walk(child, negated));
    else if (node.kind === 'not') walk(node.child, !negated);
    else if (negated) return;
    else if (node.kind === 'field' && node.field === 'tag') tags.add(node.value);
    else if (node.kind === 'metric') metrics.add(node.metric);
  };
  if (filter) walk(filter, false);
  if (sort?.field === 'metric') metrics.add(sort.metric);
  return [...missing('tag', tags, vocabulary.tags), ...missing('metric', metrics, vocabulary.metrics)];
}

/**
 * Warnings for the metrics an item query names (outside a negation) that the run has none of: `exact_matc > 0.5` over
 * its items matched nothing without a word, where the same words over runs say so. `known`: the run's metric names.
 * @internal
 */
export function unscoredItemMetricWarnings(filter: ItemFilterNode | null, sort: { metric?: string } | undefined, known: readonly string[]): string[] {
  const metrics = new Set<string>();
  const walk = (node: ItemFilterNode, negated: boolean): void => {
    if (node.kind === 'and' || node.kind === 'or') node.children.forEach((child) => walk(child, negated));
    else if (node.kind === 'not') walk(node.child, !negated);
    else if (!negated && node.kind === 'score') metrics.add(node.metric);
  };
  if (filter) walk(filter, false);
  if (sort?.metric) metrics.add(sort.metric);
  const stored = new Set(known);
  return [...metrics].filter((metric) => !stored.has(metric)).map((metric) => {
    const near = closest(metric, known);
    return `the run has no metric ${quote(metric)}${near === undefined ? '' : `; did you mean ${quote(near)}?`}`;
  });
}

function missing(what: 'tag' | 'metric', named: Set<string>, stored: readonly string[]): string[] {
  if (named.size === 0 || stored.length >= MAX_VOCABULARY_VALUES) return [];
  const known = new Set(stored);
  return [...named].filter((value) => !known.has(value)).map((value) => {
    const near = closest(value, stored);
    return `no run has the ${what} ${quote(value)}${near === undefined ? '' : `; did you mean ${quote(near)}?`}`;
  });
}

/** The stored value spelled like `value` but for case, else the nearest by one or two edits (one for short values). */
function closest(value: string, stored: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  const sameLetters = stored.find((s) => s.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  const most = value.length <= 4 ? 1 : 2;
  let best: { value: string; distance: number } | undefined;
  for (const candidate of stored) {
    if (Math.abs(candidate.length - value.length) > most) continue;
    const d = distance(lower, candidate.toLowerCase());
    if (d <= most && (best === undefined || d < best.distance)) best = { value: candidate, distance: d };
  }
  return best?.value;
}
