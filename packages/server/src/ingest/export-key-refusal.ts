import { refusedKey, type Refusal } from '../json-body';

type Entries = Record<string, unknown>;

/** An item entry's fields keyed by metric name (names, not stored keys). */
const METRIC_KEYED = ['scores', 'reasons'];

const isObject = (value: unknown): value is Entries => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The object without some of its keys, keeping every other key (a "__proto__" one too) as an own property. */
function without(record: Entries, keys: readonly string[]): Entries {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}

/** The refusal of a map keyed by names (item ids, metric names): each value is checked, the keys are data. */
function inValues(map: unknown, root: string, checkEntry: (value: unknown, path: string) => Refusal | null = refusedKey): Refusal | null {
  if (!isObject(map)) return refusedKey(map, root);
  for (const [name, value] of Object.entries(map)) {
    const refusal = checkEntry(value, `${root}.${name}`);
    if (refusal) return refusal;
  }
  return null;
}

/** An item entry (in `results` or `llm_eval.failures`): its fields checked, its scores' and reasons' metric names not. */
function inItem(entry: unknown, root: string): Refusal | null {
  if (!isObject(entry)) return refusedKey(entry, root);
  return refusedKey(without(entry, METRIC_KEYED), root) ?? METRIC_KEYED.reduce<Refusal | null>((found, key) => found ?? inValues(entry[key], `${root}.${key}`), null);
}

/**
 * The first key of a parsed export that could change a prototype where it is stored (a `__proto__` key, or
 * `constructor.prototype`, in an item's input or metadata, the run's config, …), as every JSON body is checked; or
 * null. Unlike a body's check, the keys that name items (`results`, `errors`, `llm_eval.failures`) and metrics
 * (`metric_stats`, `llm_eval.metric_configs`, an item's `scores` and `reasons`) are data, as they are in the export the
 * API writes: an item or a metric may be named "__proto__" (the importer keeps such keys as own properties).
 */
export function refusedExportKey(data: unknown): Refusal | null {
  if (!isObject(data)) return refusedKey(data, 'export');
  const block = isObject(data.llm_eval) ? data.llm_eval : null;
  return (
    refusedKey(without(data, ['results', 'errors', 'metric_stats', ...(block ? ['llm_eval'] : [])]), 'export') ??
    inValues(data.results, 'export.results', inItem) ??
    inValues(data.errors, 'export.errors') ??
    inValues(data.metric_stats, 'export.metric_stats') ??
    (block
      ? (refusedKey(without(block, ['failures', 'metric_configs']), 'export.llm_eval') ??
        inValues(block.failures, 'export.llm_eval.failures', inItem) ??
        inValues(block.metric_configs, 'export.llm_eval.metric_configs'))
      : null)
  );
}
