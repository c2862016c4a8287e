/** A Date (or null) as the ISO text the API sends. */
export function isoOrNull(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}

/** Replaces the named Date fields of a record with ISO text (the API's JSON has no Date type). */
export type WithIsoDates<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? string | null : string };
