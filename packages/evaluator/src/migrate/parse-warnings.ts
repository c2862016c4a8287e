/**
 * What reading an export's text found to warn of (numbers read otherwise than written), kept with the parsed export so
 * that migrateFromEvaluationResult reports them with the rest of the import's warnings, through its onWarning: the
 * CLI and the API pass an export from parseExportText to it and need not carry anything else. An export built or
 * copied in code has none.
 */
const found = new WeakMap<object, readonly string[]>();

/** Keeps the warnings of reading `data`. @internal */
export function setParseWarnings(data: object, warnings: readonly string[]): void {
  if (warnings.length > 0) found.set(data, warnings);
}

/** The warnings of reading `data` with parseExportText (or readExportFile); none for any other value. @internal */
export function parseWarningsOf(data: object): readonly string[] {
  return found.get(data) ?? [];
}
