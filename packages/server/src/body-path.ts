/**
 * A path in a request body as messages write it, `body.items.0.scores.m`: a very deep path keeps its first and last
 * steps, a very long key its start.
 */
export function formatPath(path: readonly string[]): string {
  // Cut between characters, never inside a surrogate pair.
  const keys = path.map((key) => (key.length > 64 ? `${Array.from(key).slice(0, 64).join('')}…` : key));
  return keys.length > 12 ? [...keys.slice(0, 6), `…(${keys.length - 11} more)…`, ...keys.slice(-5)].join('.') : keys.join('.');
}
