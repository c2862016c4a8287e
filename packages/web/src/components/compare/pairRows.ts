import { listItems } from '../../api/endpoints';
import type { ComparisonJson, ItemJson } from '../../api/types';
import type { ChangeList } from './compareState';

/** One score of an item as stored: a number, pass/fail, or the metric's error. */
export type Score = ItemJson['scores'][string];

/** What a change row shows of an item of one run (outputs stay on the server until the row is opened). */
export interface SlimItem {
  status: string;
  scores: Record<string, Score>;
}

/** One row of the item changes: the item in run A and run B, and its per-metric score changes B − A. */
export interface PairRow {
  itemId: string;
  /** The comparison list the item is in; 'unchanged' for paired items no list holds. */
  kind: ChangeList | 'unchanged';
  a?: SlimItem;
  b?: SlimItem;
  deltas: Record<string, number | null>;
  /** The primary metric's change, signed so that positive is better. */
  change: number | null;
}

/** A score as a number (pass = 1, fail = 0), or null when the metric failed or is missing. */
export function numericScore(score: Score | undefined): number | null {
  if (typeof score === 'number') return Number.isFinite(score) ? score : null;
  if (typeof score === 'boolean') return score ? 1 : 0;
  return null;
}

function slim(item: ItemJson): SlimItem {
  return { status: item.status, scores: item.scores };
}

/** Item ids per request: the URL of GET /runs/B/items?itemId=… must stay well below servers' limits (~8 KB). */
const MAX_IDS = 200;
const MAX_URL_CHARS = 6_000;

/** Splits ids into groups whose query strings stay short (long ids get smaller groups). */
export function chunkIds(ids: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const id of ids) {
    const cost = encodeURIComponent(id).length + 8;
    if (current.length > 0 && (current.length >= MAX_IDS || length + cost > MAX_URL_CHARS)) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(id);
    length += cost;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The items of `run` with these ids (itemId repeated), by id. */
export async function fetchItemsById(run: string, ids: readonly string[], signal?: AbortSignal): Promise<Map<string, SlimItem>> {
  const found = new Map<string, SlimItem>();
  const pages = await Promise.all(chunkIds(ids).map((chunk) => listItems(run, { itemId: chunk, limit: chunk.length }, signal)));
  for (const page of pages) for (const item of page.items) found.set(item.itemId, slim(item));
  return found;
}

/** How the comparison scores items: which metrics count lower as better, and the metric ranking the items. */
export interface Scoring {
  metrics: string[];
  lowerIsBetter: readonly string[];
  primaryMetric: string | null;
}

export function scoringOf(comparison: ComparisonJson): Scoring {
  return {
    metrics: comparison.metrics.map((m) => m.metric),
    lowerIsBetter: comparison.options.lowerIsBetter,
    primaryMetric: comparison.items.primaryMetric,
  };
}

/** The row of an item of both runs, its deltas computed here as the API computes them for its lists. */
export function pairRow(itemId: string, a: SlimItem | undefined, b: SlimItem | undefined, scoring: Scoring): PairRow {
  if (!b) return { itemId, kind: 'onlyInA', a, deltas: {}, change: null };
  if (!a) return { itemId, kind: 'onlyInB', b, deltas: {}, change: null };
  const deltas: Record<string, number | null> = {};
  const names = new Set([...scoring.metrics, ...Object.keys(a.scores), ...Object.keys(b.scores)]);
  for (const metric of names) {
    const sa = numericScore(a.scores[metric]);
    const sb = numericScore(b.scores[metric]);
    deltas[metric] = sa === null || sb === null ? null : sb - sa;
  }
  const primary = scoring.primaryMetric;
  const raw = primary ? deltas[primary] ?? null : null;
  const change = raw === null ? null : scoring.lowerIsBetter.includes(primary!) ? -raw : raw;
  const kind = change === null || change === 0 ? 'unchanged' : change > 0 ? 'improved' : 'regressed';
  return { itemId, kind, a, b, deltas, change };
}
