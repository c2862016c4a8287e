import { jsonStringEnd } from './json-string-end';

/** An object or array open in the walk: the key (or index) of the value being read in it. */
interface Frame {
  object: boolean;
  /** The key last read; '0' in an object until its first key is read (where a text that is not JSON has no key). */
  key: string;
  /** The index of the current element, in an array. */
  index: number;
  expectingKey: boolean;
}

/**
 * One pass over a JSON text, outside its strings, knowing at each point the path (keys and indexes) of the value being
 * read: the scans of an export's text that name where something is (lossy-numbers.ts, unstorable-value.ts,
 * python-non-finite.ts) share it. The caller drives the loop and reads what it looks for itself:
 *
 *     const walk = new JsonTextPaths(text);
 *     for (let i = walk.next(0); i !== -1; i = walk.next(i + 1)) { ...text.charCodeAt(i), walk.path()... }
 *
 * `next` stops at each `{` and `[` (already entered: `depth` counts it) and at each other character outside strings
 * that is not whitespace, `:`, `,`, `}` or `]` (the first of a number or a bare word such as `true` or `NaN`). The
 * text need not be valid JSON: brackets are matched by count, a comma outside any bracket is ignored, a key with a bad
 * escape is taken as written, and the walk ends at a string that does not end. One pass with charCodeAt; frames are
 * reused, so nothing is allocated per character (a key string per key read, as the text's keys are).
 * @internal
 */
export class JsonTextPaths {
  private readonly frames: Frame[] = [];
  private open = 0;

  constructor(private readonly text: string) {}

  /** How many objects and arrays are open at the last position `next` returned. */
  get depth(): number {
    return this.open;
  }

  /**
   * The index of the next `{`, `[` or other value character (see the class) at or after `from`, or -1 at the end of
   * the text. `from` is the last index returned plus one, plus however many characters of a number or word the
   * caller read there: the path is right only if every bracket, comma and string is walked over.
   */
  next(from: number): number {
    const text = this.text;
    const frames = this.frames;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22 /* " */) {
        const end = jsonStringEnd(text, i);
        if (end === -1) return -1;
        const top = this.open > 0 ? frames[this.open - 1]! : undefined;
        if (top?.object && top.expectingKey) {
          const raw = text.slice(i + 1, end);
          top.key = raw.includes('\\') ? decodeKey(raw) : raw;
          top.expectingKey = false;
        }
        i = end;
      } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        const object = c === 0x7b;
        const frame = frames[this.open];
        if (frame) {
          frame.object = object;
          frame.key = '0';
          frame.index = 0;
          frame.expectingKey = object;
        } else {
          frames.push({ object, key: '0', index: 0, expectingKey: object });
        }
        this.open++;
        return i;
      } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
        if (this.open > 0) this.open--;
      } else if (c === 0x2c /* , */) {
        if (this.open > 0) {
          const top = frames[this.open - 1]!;
          if (top.object) top.expectingKey = true;
          else top.index++;
        }
      } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0x3a /* : */) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the container open at `level` (0: the outermost) is an object. */
  isObject(level: number): boolean {
    return this.frames[level]!.object;
  }

  /** The key (objects) or index (arrays) of the value being read in the container open at `level` (0: the outermost). */
  key(level: number): string {
    const frame = this.frames[level]!;
    return frame.object ? frame.key : String(frame.index);
  }

  /** The keys and indexes leading to the value being read; only the first `levels` of them when given. */
  path(levels = this.open): string[] {
    const path = new Array<string>(Math.max(0, Math.min(levels, this.open)));
    for (let level = 0; level < path.length; level++) path[level] = this.key(level);
    return path;
  }
}

/** A key written with escapes, decoded; as written when an escape is bad (a text that is not JSON). */
function decodeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
