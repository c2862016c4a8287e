import { isoUtc } from './export-format';
import { isImportedConfig } from './imported-config';

/**
 * The run's config key where an import keeps `start_time`/`end_time` as the export wrote them, when that text is not
 * what the export writes for the stored moment. Storage keeps milliseconds as Dates, so Python's naive
 * "2026-03-14T09:26:53.589793" would come back as "2026-03-14T09:26:53.589+00:00": microseconds gone and a zone added
 * (Python code subtracting a naive datetime.now() from it raises). Bookkeeping of the import: the export leaves it out
 * of `llm_eval.config`.
 * @internal
 */
export const WRITTEN_TIMES_CONFIG_KEY = 'importedTimestamps';

/** The Python format's timestamps whose text an import keeps. @internal */
export type WrittenTimes = { start_time?: string; end_time?: string };

/** Whether the text gives a zone (Z or an offset); Python writes naive local times, which an import reads as UTC. @internal */
export function hasZone(text: string): boolean {
  return /([zZ]|[+-]\d\d:?\d\d)$/.test(text);
}

/** The moment an export's timestamp names, a naive one read as UTC (null: not a timestamp). @internal */
export function readExportTime(text: string): Date | null {
  const date = new Date(hasZone(text) ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * What to keep of the timestamps an export wrote: those whose text the export would not write back as it is (only
 * what differs, so llm-eval's own exports, written as isoUtc, keep nothing). Null when nothing needs keeping.
 * @internal
 */
export function writtenTimesToKeep(written: Record<keyof WrittenTimes, unknown>, read: Record<keyof WrittenTimes, Date>): WrittenTimes | null {
  const kept: WrittenTimes = {};
  for (const field of ['start_time', 'end_time'] as const) {
    const text = written[field];
    if (typeof text === 'string' && text !== isoUtc(read[field])) kept[field] = text;
  }
  return Object.keys(kept).length ? kept : null;
}

/** The written times an imported run's config keeps (none when it keeps none, or something else under the key). @internal */
export function writtenTimesOf(config: Record<string, unknown> | null | undefined): WrittenTimes {
  // Only an import keeps them: a run's own key of that name is its data, not times to write.
  if (!isImportedConfig(config)) return {};
  const kept = config?.[WRITTEN_TIMES_CONFIG_KEY];
  if (typeof kept !== 'object' || kept === null) return {};
  const { start_time, end_time } = kept as Record<string, unknown>;
  return { ...(typeof start_time === 'string' ? { start_time } : {}), ...(typeof end_time === 'string' ? { end_time } : {}) };
}

/**
 * A timestamp of the export: the text the imported file wrote when it still names this moment (to the millisecond
 * storage keeps), else the moment in ISO UTC. A kept text that no longer names the stored moment is not written.
 * @internal
 */
export function exportTime(moment: Date, written: string | undefined): string {
  if (written !== undefined && readExportTime(written)?.getTime() === moment.getTime()) return written;
  return isoUtc(moment);
}
