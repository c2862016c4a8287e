/**
 * Pieces of `JSON.stringify(doc, null, 2)` written one member at a time, so a document with millions of members is
 * streamed with the same bytes as the one-shot text. JSON.stringify escapes line breaks inside strings, so every
 * "\n" in its output is layout and re-indenting is a plain replace.
 */

/** `value` as JSON.stringify(value, null, 2) prints it nested `depth` levels deep. */
export function prettyAt(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 2);
  return depth === 0 ? text : text.replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** An object's opening text without its closing brace, so more members can follow (the object must not be empty). */
export function openObject(value: object, depth: number): string {
  const text = prettyAt(value, depth);
  const close = `\n${'  '.repeat(depth)}}`;
  if (!text.endsWith(close)) throw new Error('openObject needs an object with at least one member');
  return text.slice(0, -close.length);
}

/**
 * The members of one object or array of the document (at `depth`, so members sit at depth + 1), written one at a
 * time: `open` once, `member` per member (returning its text), `close` at the end — `{}`/`[]` when it had none, as
 * JSON.stringify prints empty containers.
 */
export class PrettyContainer {
  private count = 0;
  private readonly indent: string;

  constructor(
    private readonly depth: number,
    private readonly kind: 'object' | 'array',
  ) {
    this.indent = '  '.repeat(depth + 1);
  }

  /** How many members were written. */
  get size(): number {
    return this.count;
  }

  /** The text of the next member: `"key": value` in an object, `value` in an array. */
  member(value: unknown, key?: string): string {
    const separator = this.count++ === 0 ? '\n' : ',\n';
    const name = this.kind === 'object' ? `${JSON.stringify(key)}: ` : '';
    return `${separator}${this.indent}${name}${prettyAt(value, this.depth + 1)}`;
  }

  /** The opening bracket. */
  open(): string {
    return this.kind === 'object' ? '{' : '[';
  }

  /** The closing bracket (on its own line when there were members). */
  close(): string {
    const bracket = this.kind === 'object' ? '}' : ']';
    return this.count === 0 ? bracket : `\n${'  '.repeat(this.depth)}${bracket}`;
  }
}
