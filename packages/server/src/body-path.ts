/**
 * A path in a request body as messages write it, `body.items.0.scores.m`: a very deep path keeps its first and last
 * steps, a very long key its start.
 */
export function formatPath(path: readonly string[]): string {
  const keys = path.map((key) => (key.length > 64 ? `${key.slice(0, 64)}…` : key));
  return keys.length > 12 ? [...keys.slice(0, 6), `…(${keys.length - 11} more)…`, ...keys.slice(-5)].join('.') : keys.join('.');
}
