import type { RunJson } from '../../api/types';

/**
 * The `/compare` URL of two selected runs: the older run is the baseline (a), the newer the candidate (b). When one of
 * them is not loaded (selected on a shared URL, far down the list) the order of selection decides.
 */
export function compareUrl(selected: readonly string[], known: ReadonlyMap<string, RunJson>): string {
  const [first, second] = selected;
  if (!first || !second) throw new Error('compare needs two runs');
  const a = known.get(first);
  const b = known.get(second);
  const swap = a && b ? Date.parse(a.createdAt) > Date.parse(b.createdAt) : false;
  const [base, cand] = swap ? [second, first] : [first, second];
  return `/compare?a=${encodeURIComponent(base)}&b=${encodeURIComponent(cand)}`;
}

/** A selection with `id` added, or removed when it was in it. */
export function toggle(selected: readonly string[], id: string): string[] {
  return selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id];
}
