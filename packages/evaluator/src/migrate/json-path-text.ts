/**
 * A place in a JSON document for a message: `results.q1.metadata.x`; "the file" for the document itself. A very deep
 * path keeps its first and last steps, a long key its start; control characters are escaped. @internal
 */
export function jsonPathText(path: readonly string[]): string {
  if (path.length === 0) return 'the file';
  const keys = path.map((key) => {
    const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
    return shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  });
  return keys.length > 12 ? [...keys.slice(0, 6), `…(${keys.length - 11} more)…`, ...keys.slice(-5)].join('.') : keys.join('.');
}
