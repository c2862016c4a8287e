import type { ComparisonJson } from '../../api/types';
import { formatCount } from '../format';
import type { ChangeList } from './compareState';

/** How many items each comparison list holds (unchanged and withoutScore: paired items in no list). */
export type ItemCounts = ComparisonJson['items']['counts'];

/** Which items the list shows: one list, the changed ones, or (neither) every item of both runs. */
export interface ItemSelection {
  only?: ChangeList;
  changed: boolean;
}

const items = (n: number) => `${formatCount(n)} item${n === 1 ? '' : 's'}`;

/** Rows the list holds for this selection (the rows it loads, page by page, and the table's row count). */
export function itemTotal(counts: ItemCounts, view: ItemSelection): number {
  if (view.only) return counts[view.only];
  if (view.changed) return counts.improved + counts.regressed;
  return counts.improved + counts.regressed + counts.unchanged + counts.withoutScore + counts.onlyInA + counts.onlyInB;
}

/**
 * The list's size in words, each kind of row named: every item of both runs is not "paired" — an item only one run
 * has is not, and a run of 50 compared with one of 100,000 pairs 50 ("50 paired items, 99,950 only in B").
 */
export function itemCountText(counts: ItemCounts, view: ItemSelection): string {
  switch (view.only) {
    case 'improved':
    case 'regressed':
      return `${formatCount(counts[view.only])} ${view.only} item${counts[view.only] === 1 ? '' : 's'}`;
    case 'onlyInA':
      return `${items(counts.onlyInA)} only in A`;
    case 'onlyInB':
      return `${items(counts.onlyInB)} only in B`;
  }
  const changed = counts.improved + counts.regressed;
  if (view.changed) return `${formatCount(changed)} changed item${changed === 1 ? '' : 's'}`;
  const paired = changed + counts.unchanged + counts.withoutScore;
  // Items the primary metric did not score in A or B are neither changed nor unchanged: said apart.
  const unscored = counts.withoutScore > 0 ? ` (${formatCount(counts.withoutScore)} without a score in A or B)` : '';
  const parts = [`${formatCount(paired)} paired item${paired === 1 ? '' : 's'}${unscored}`];
  if (counts.onlyInA > 0) parts.push(`${formatCount(counts.onlyInA)} only in A`);
  if (counts.onlyInB > 0) parts.push(`${formatCount(counts.onlyInB)} only in B`);
  return parts.join(', ');
}

/**
 * The order the list is in, in words: every item is in run A's order (then B's own items by id); a change list is
 * ranked by the primary metric (a change of status before any score change, then the largest change), and only
 * "Sort by regression" puts the regressed ones first. Items of one run only are listed by id.
 */
export function itemOrderText(counts: ItemCounts, view: ItemSelection & { regressionFirst: boolean }, primaryMetric: string | null): string {
  const ranked = primaryMetric ? `ranked by ${primaryMetric}, largest change first` : 'largest change first';
  if (view.only === 'onlyInA' || view.only === 'onlyInB') return 'by item id';
  if (view.only) return ranked;
  if (view.regressionFirst) return `regressed first, then improved, each ${ranked}`;
  if (view.changed) return `improved, then regressed, each ${ranked}`;
  return counts.onlyInB > 0 ? 'in run A’s order, then the items only in B by id' : 'in run A’s order';
}

/** The empty list's message. */
export function noItemsText(view: ItemSelection): string {
  if (view.only === 'onlyInA' || view.only === 'onlyInB') return `No items only in ${view.only === 'onlyInA' ? 'A' : 'B'}.`;
  if (view.only) return `No ${view.only} items.`;
  return view.changed ? 'No changed items.' : 'No items.';
}
