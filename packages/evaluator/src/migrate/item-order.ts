import { DatasetError } from '../errors';
import type { EvaluationExport } from '../result/export-format';
import { quoteValue } from './safe-excerpt';

/**
 * The item ids of an export in run order. The data — the keys of `results` and `errors` — is the truth:
 * `llm_eval.item_order` may only reorder it. An order that lists an unknown id, lists an id twice or leaves one
 * out is an error naming the file and the first such id (an edited file must not silently drop results or invent
 * failed items). Without an order: Python's item_N by N, else results then errors as listed.
 * @internal
 */
export function exportItemIds(data: EvaluationExport, file?: string): string[] {
  const resultIds = Object.keys(data.results);
  const errorIds = typeof data.errors === 'object' && data.errors !== null ? Object.keys(data.errors) : [];
  const errorSet = new Set(errorIds);
  const both = resultIds.find((id) => errorSet.has(id));
  if (both !== undefined) {
    throw new DatasetError(`item ${quoteValue(both)} is in both "results" and "errors"; an item either succeeded or failed`, file);
  }
  const order = data.llm_eval?.item_order;
  if (order === undefined || order === null) {
    const ids = [...resultIds, ...errorIds];
    if (ids.every((id) => /^item_\d+$/.test(id))) return ids.sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
    return ids;
  }
  const fix = 'The "results" and "errors" are the data and llm_eval.item_order may only reorder them: correct item_order or delete it.';
  if (!Array.isArray(order) || order.some((id) => typeof id !== 'string')) {
    throw new DatasetError(`llm_eval.item_order must be an array of item ids. ${fix}`, file);
  }
  const known = new Set([...resultIds, ...errorIds]);
  const seen = new Set<string>();
  for (const id of order) {
    if (!known.has(id)) {
      throw new DatasetError(`llm_eval.item_order lists item ${quoteValue(id)}, which is in neither "results" nor "errors". ${fix}`, file);
    }
    if (seen.has(id)) throw new DatasetError(`llm_eval.item_order lists item ${quoteValue(id)} twice. ${fix}`, file);
    seen.add(id);
  }
  const missing = [...resultIds, ...errorIds].find((id) => !seen.has(id));
  if (missing !== undefined) {
    throw new DatasetError(`llm_eval.item_order leaves out item ${quoteValue(missing)}, which is in "${errorSet.has(missing) ? 'errors' : 'results'}". ${fix}`, file);
  }
  return order;
}
