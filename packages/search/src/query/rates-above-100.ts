import type { FilterNode } from './filter';

/** The rates a run has, fractions 0..1 (0%–100%), with the words a warning names them by. */
const RATE_NAMES: Readonly<Partial<Record<string, [article: string, noun: string]>>> = {
  successRate: ['a', 'success rate'],
  errorRate: ['an', 'error rate'],
};

/**
 * "success rate > 150%": no run's rate is above 100%, so the condition matches no run (or, for < and !=, every run that
 * has the rate). It is kept as written, as "accuracy > 90" on 0..1 scores is, and the reader is told, in the words of
 * that warning. `explain` words a condition as the explanation does.
 */
export function rateAbove100Warnings(filter: FilterNode | null, explain: (node: FilterNode) => string): string[] {
  const warnings = new Set<string>();
  const walk = (node: FilterNode): void => {
    if (node.kind === 'and' || node.kind === 'or') node.children.forEach(walk);
    else if (node.kind === 'not') walk(node.child);
    else if (node.kind === 'number' && node.value > 1) {
      const name = RATE_NAMES[node.field];
      if (name === undefined) return;
      const [article, noun] = name;
      const all = node.op === '<' || node.op === '<=' || node.op === '!=';
      warnings.add(`no run has ${article} ${noun} above 100%, so "${explain(node)}" matches ${all ? `every run with ${article} ${noun}` : 'no run'}`);
    }
  };
  if (filter) walk(filter);
  return [...warnings];
}
