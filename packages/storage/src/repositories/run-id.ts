const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` has the shape of a run id (a UUID, in either case). */
export function isRunIdShape(id: unknown): id is string {
  return typeof id === 'string' && UUID.test(id);
}

/**
 * The one spelling a run id is stored and looked up in: lower case. PostgreSQL's uuid column folds case by itself;
 * SQLite keeps text as given, so an id stored upper-case there could be reached by no lookup (references are
 * lower-cased) and another run could hold the same id in lower case. Anything that is not a UUID is returned as given:
 * it names no run, and messages then quote it as the caller wrote it.
 */
export function canonicalRunId<T>(id: T): T {
  return (isRunIdShape(id) ? id.toLowerCase() : id) as T;
}
