import { hasEarlyImportMark, isImportedConfig } from './imported-config';
import { IMPORTED_STATISTICS_CONFIG_KEY } from './imported-statistics';
import { isRecord } from './is-record';
import { WRITTEN_TIMES_CONFIG_KEY } from './written-times';

/**
 * The config keys an import adds about the run's own import (storage's `import` origin, the file's written times and
 * statistics). They describe the database's copy, not the run: the export leaves them out of `llm_eval.config`.
 * @internal
 */
export const IMPORT_BOOKKEEPING_KEYS = ['import', WRITTEN_TIMES_CONFIG_KEY, IMPORTED_STATISTICS_CONFIG_KEY] as const;

/** Where an import keeps the user's own value of a config key it needs for its bookkeeping (storage's `import` too). */
export const USER_VALUE_KEY = 'userValue';

/**
 * The config of a run being imported with `value` (an object, or nothing) as its bookkeeping under `key`. A value the
 * user's config already holds under that key is not lost: it is kept inside the bookkeeping as `userValue`, and the
 * export gives it back (see configWithoutBookkeeping).
 * @internal
 */
export function withImportBookkeeping(
  config: Record<string, unknown> | null | undefined,
  key: (typeof IMPORT_BOOKKEEPING_KEYS)[number],
  value: object | null,
): Record<string, unknown> | null | undefined {
  const userHas = isRecord(config) && Object.hasOwn(config, key);
  if (!userHas) return value === null ? config : { ...(config ?? {}), [key]: value };
  return { ...config, [key]: { ...(value ?? {}), [USER_VALUE_KEY]: config[key] } };
}

/**
 * The run's config as the user gave it: an imported run's bookkeeping left out, and a value of the user's that an
 * import kept inside it (`userValue`) put back under its key. A run that was not imported keeps every key, these
 * names included: they are then the user's own (but for the `importedFrom` mark of the first builds' imports).
 * @internal
 */
export function configWithoutBookkeeping(config: Record<string, unknown> | null | undefined): Record<string, unknown> | undefined {
  if (!config) return undefined;
  if (hasEarlyImportMark(config)) {
    const { importedFrom: _mark, ...rest } = config;
    return Object.keys(rest).length ? rest : undefined;
  }
  if (!isImportedConfig(config)) return Object.keys(config).length ? config : undefined;
  // fromEntries defines own keys: a user's key "__proto__" stays a key.
  const rest = Object.fromEntries(
    Object.entries(config).flatMap(([key, value]): Array<[string, unknown]> => {
      if (!(IMPORT_BOOKKEEPING_KEYS as readonly string[]).includes(key)) return [[key, value]];
      return isRecord(value) && Object.hasOwn(value, USER_VALUE_KEY) ? [[key, value[USER_VALUE_KEY]]] : [];
    }),
  );
  return Object.keys(rest).length ? rest : undefined;
}
