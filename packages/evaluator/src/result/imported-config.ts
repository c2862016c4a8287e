import { isRecord } from './is-record';

/** What storage's import origin names as an export's writer (ImportOrigin.format). */
const IMPORT_FORMATS = ['llm-eval', 'python-llm-eval'];

/**
 * Whether a config is an imported run's: storage's `import` origin is in it, as an import writes it (the export's
 * writer and its SHA-256 content hash), which a run's own config would hold only by copying it. @internal
 */
export function isImportedConfig(config: Record<string, unknown> | null | undefined): boolean {
  const origin = config?.import;
  return isRecord(origin) && IMPORT_FORMATS.includes(origin.format as string) && typeof origin.contentHash === 'string' && /^[0-9a-f]{64}$/.test(origin.contentHash);
}

/**
 * Whether a config holds the `importedFrom` mark of a run imported by the first builds (they wrote
 * `importedFrom: 'llm-eval' | 'python-llm-eval'` and no origin): bookkeeping, not the run's. @internal
 */
export function hasEarlyImportMark(config: Record<string, unknown>): boolean {
  return !isImportedConfig(config) && IMPORT_FORMATS.includes(config.importedFrom as string);
}
