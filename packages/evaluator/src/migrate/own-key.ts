/**
 * Sets `record[key]` as an own, enumerable data property, whatever the key: an item id or metric name from a file may
 * be "__proto__", which plain assignment takes as the prototype (the item vanished), or "constructor", "toString", ….
 * JSON.parse makes such keys own properties; what the importer builds from a file's data must do the same.
 * @internal
 */
export function setOwnKey<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
